/** Longest side, in pixels, of an image sent to the server: enough for vision models, small enough to upload fast. */
export const maxImageSide = 1024;

/**
 * Decodes an image file, scales it so its longest side is at most {@link maxImageSide}, and re-encodes it as a
 * JPEG data URL (which also drops metadata such as location). Transparent areas become white.
 */
export async function downscaleImage(file: Blob): Promise<string> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error('This file could not be read as an image.');
  }
  const scale = Math.min(1, maxImageSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.85);
}
