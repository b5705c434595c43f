// Web mode: sends a dropped bundle's bytes to the engine (the browser never learns a dropped
// file's path), with upload progress, and returns where the engine stored it. XMLHttpRequest,
// not fetch, because only it reports upload progress.
import type { UPLOAD_PATH, UploadAnswer } from '../../../main/shared/wire';
import { OperationFailure } from '../../../main/shared/operation-failure';

// Type-checked against the server's constant, so the two cannot drift apart.
const uploadPath: typeof UPLOAD_PATH = '/api/upload';

export function uploadBundle(
  file: File,
  options: { signal: AbortSignal; onProgress: (done: number, total: number) => void },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', `${uploadPath}?name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.withCredentials = true;
    request.upload.onprogress = (event) =>
      options.onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      let answer: UploadAnswer;
      try {
        answer = JSON.parse(request.responseText) as UploadAnswer;
      } catch {
        reject(
          new OperationFailure({
            code: `http-${request.status}`,
            message: request.responseText.trim() || `The server answered HTTP ${request.status}.`,
          }),
        );
        return;
      }
      if (answer.ok) resolve(answer.path);
      else reject(new OperationFailure(answer.error));
    };
    request.onerror = () =>
      reject(
        new OperationFailure({
          code: 'server-unreachable',
          message: 'The upload could not reach the ReproBundle server.',
          fix: 'Check that `reprobundle serve` is still running.',
        }),
      );
    request.onabort = () =>
      reject(
        new OperationFailure({ code: 'cancelled', message: `Cancelled at your request (upload of ${file.name}).` }),
      );
    options.signal.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}
