const storageKey = 'omnia.apiKey';

/** The API key for this tab: session storage only, so it goes when the tab closes and never lands in a URL. */
export class KeyStore {
  get(): string | null {
    return sessionStorage.getItem(storageKey);
  }

  set(key: string): void {
    sessionStorage.setItem(storageKey, key);
  }

  clear(): void {
    sessionStorage.removeItem(storageKey);
  }
}
