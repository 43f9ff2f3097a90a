// `.orchestra/logs/<task>/<attempt>.log`. Task ids are validated file-safe by the plan loader; still,
// encode them so no id can name a path outside the logs folder (`..`, `/`, NUL, reserved names).
import path from 'node:path';

export function safeFileName(id: string): string {
  const encoded = encodeURIComponent(id).replace(/\*/g, '%2A');
  return encoded === '.' || encoded === '..' || encoded.startsWith('.') ? `%2E${encoded.slice(1)}` : encoded;
}

/** `logsDir` as given (absolute or relative, normalized): the file name is joined without normalizing again. */
export function attemptLogPath(logsDir: string, id: string, attempt: number, ext = 'log'): string {
  return `${logsDir}${path.sep}${safeFileName(id)}${path.sep}${attempt}.${ext}`;
}
