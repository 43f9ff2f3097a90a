// Writes a file that must not replace an existing one unless asked: 'wx' refuses atomically (no window
// between "does it exist" and "write"); with `force`, write-then-rename so a reader never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Returns false when the file exists and `force` is not set. */
export async function writeNewFile(file: string, text: string, force: boolean): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  if (!force) {
    try {
      await writeFile(file, text, { flag: 'wx' });
      return true;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  return true;
}
