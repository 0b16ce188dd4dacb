import { h } from '../dom';

/**
 * A generated picture in the conversation, with a download link and "Open full size" (a blob URL in a new tab:
 * browsers refuse to open data URLs as pages).
 */
export function generatedImageView(src: string, index: number, drawing: boolean): HTMLElement {
  const extension = /^data:image\/(\w+)/.exec(src)?.[1] ?? 'png';
  const image = h('img', { src, alt: drawing ? 'Image being drawn' : `Generated image ${index + 1}` });
  const download = h('a', { href: src, download: `omnia-image-${index + 1}.${extension}` }, 'Download');
  const open = h('a', { href: src, target: '_blank', rel: 'noopener' }, 'Open full size');
  open.addEventListener('click', (event) => {
    event.preventDefault();
    void fetch(src).then((r) => r.blob()).then((blob) => window.open(URL.createObjectURL(blob), '_blank', 'noopener'));
  });
  const links = drawing ? [] : [h('div', { class: 'image-links' }, download, ' · ', open)];
  return h('figure', { class: 'generated-image' }, image, ...links);
}
