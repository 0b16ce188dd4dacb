/**
 * Asks the user for an API key in a modal dialog. Concurrent requests that all met a 401 share one prompt.
 * Resolves with the key, or null when the user cancels.
 */
export class KeyDialog {
  private pending: Promise<string | null> | null = null;
  private readonly dialog = document.querySelector<HTMLDialogElement>('#key-dialog')!;
  private readonly form = document.querySelector<HTMLFormElement>('#key-form')!;
  private readonly input = document.querySelector<HTMLInputElement>('#key-input')!;
  private readonly reason = document.querySelector<HTMLParagraphElement>('#key-reason')!;
  private readonly cancel = document.querySelector<HTMLButtonElement>('#key-cancel')!;

  ask(reason: string): Promise<string | null> {
    this.pending ??= this.prompt(reason).finally(() => (this.pending = null));
    return this.pending;
  }

  private prompt(reason: string): Promise<string | null> {
    this.reason.textContent = reason;
    this.input.value = '';
    return new Promise((resolve) => {
      const finish = (key: string | null) => {
        this.form.removeEventListener('submit', onSubmit);
        this.cancel.removeEventListener('click', onCancel);
        this.dialog.removeEventListener('cancel', onCancel);
        this.dialog.close();
        resolve(key);
      };
      const onSubmit = (event: SubmitEvent) => {
        event.preventDefault();
        const key = this.input.value.trim();
        if (key) finish(key);
      };
      const onCancel = (event: Event) => {
        event.preventDefault();
        finish(null);
      };
      this.form.addEventListener('submit', onSubmit);
      this.cancel.addEventListener('click', onCancel);
      this.dialog.addEventListener('cancel', onCancel);
      this.dialog.showModal();
      this.input.focus();
    });
  }
}
