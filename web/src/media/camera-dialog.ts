import { downscaleImage } from './downscale-image';

/**
 * A camera snapshot: a dialog with the live preview; Capture grabs the frame, downscaled like any attached image.
 * The camera is released as soon as the dialog closes.
 */
export class CameraDialog {
  private readonly dialog = document.querySelector<HTMLDialogElement>('#camera-dialog')!;
  private readonly video = document.querySelector<HTMLVideoElement>('#camera-video')!;
  private readonly capture = document.querySelector<HTMLButtonElement>('#camera-capture')!;
  private readonly cancel = document.querySelector<HTMLButtonElement>('#camera-cancel')!;

  /** Resolves with a JPEG data URL, or null when the user cancels; throws a readable message when there is no camera. */
  async take(): Promise<string | null> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
    } catch (error) {
      const denied = error instanceof DOMException && error.name === 'NotAllowedError';
      throw new Error(denied
        ? 'The camera is blocked. Allow it for this page in the browser’s site settings, then try again.'
        : 'No camera could be opened.');
    }
    this.video.srcObject = stream;
    try {
      const frame = await new Promise<Blob | null>((resolve) => {
        const finish = (blob: Blob | null) => {
          this.capture.onclick = this.cancel.onclick = this.dialog.oncancel = null;
          this.dialog.close();
          resolve(blob);
        };
        this.capture.onclick = () => {
          const canvas = document.createElement('canvas');
          canvas.width = this.video.videoWidth;
          canvas.height = this.video.videoHeight;
          canvas.getContext('2d')!.drawImage(this.video, 0, 0);
          canvas.toBlob((blob) => finish(blob), 'image/png');
        };
        this.cancel.onclick = () => finish(null);
        this.dialog.oncancel = (event) => {
          event.preventDefault();
          finish(null);
        };
        this.dialog.showModal();
        this.capture.focus();
      });
      return frame ? await downscaleImage(frame) : null;
    } finally {
      stream.getTracks().forEach((t) => t.stop());
      this.video.srcObject = null;
    }
  }
}
