// File-system error codes in words, for one-line messages ("no space left on the device", not "ENOSPC").

const WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOTEMPTY: 'the folder is not empty',
  EEXIST: 'it already exists',
  EXDEV: 'it would move across file systems',
  EIO: 'an input/output error',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EBUSY: 'it is busy (a mount point or in use)',
  EMFILE: 'too many open files',
  ENOENT: 'it does not exist',
  ETXTBSY: 'it is in use',
  EFBIG: 'it would pass the file-size limit (ulimit -f)',
};

/** "no space left on the device (ENOSPC)", or the error's own message for codes without words. */
export function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return `${WORDS[code]} (${code})`;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** Errors from the file system (those with an errno code), as opposed to bugs. */
export const isFsError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
