import { closeSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FunnelstormError } from '../runtime/errors.js';

/**
 * Checks, before any work, that the file an output flag names can be written: its folder exists, is a
 * folder and is writable, and the file itself, when it exists, is a regular file that is writable. A run
 * that could only fail at its end, after minutes of work, fails at once instead.
 *
 * @param flag - The flag as the user typed it, e.g. `--out`, named in the message.
 * @param path - The file, absolute or relative to the working directory.
 * @param options - `createsFolders`: the writer creates missing folders (`mkdir -p`), so only the nearest
 *   existing one must be writable. Defaults to false.
 * @throws FunnelstormError `FLAG_INVALID` saying what is wrong with the path.
 * @example
 * assertWritablePath('--json', 'reports/run.json');
 */
export function assertWritablePath(
  flag: string,
  path: string,
  options: { createsFolders?: boolean } = {},
): void {
  const problem = whyNotWritable(resolve(path), options.createsFolders ?? false);
  if (problem !== undefined) {
    throw new FunnelstormError('FLAG_INVALID', `${flag} ${path}: ${problem}. Choose a path you can write.`);
  }
}

function whyNotWritable(file: string, createsFolders: boolean): string | undefined {
  const folder = dirname(file);
  const folderStats = statOrUndefined(folder);
  if (folderStats === undefined && createsFolders) return whyNoFolder(folder);
  if (folderStats === undefined) return `the folder ${folder} does not exist`;
  if (!folderStats.isDirectory()) return `${folder} is not a folder`;
  const fileStats = statOrUndefined(file);
  if (fileStats?.isDirectory()) return 'it is a folder';
  if (fileStats !== undefined && !fileStats.isFile()) return 'it is not a regular file';
  // Opening for append is the one test that holds for every user and file system (root on a read-only
  // mount, a full quota); a file created only for the test is removed again.
  try {
    closeSync(openSync(file, 'a'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return fileStats === undefined
      ? `a file cannot be created in the folder ${folder} (${reason})`
      : `the file is not writable (${reason})`;
  }
  if (fileStats === undefined) unlinkSync(file);
  return undefined;
}

/** For a writer that creates missing folders: the nearest existing one must be a folder it can write in. */
function whyNoFolder(folder: string): string | undefined {
  let existing = dirname(folder);
  while (statOrUndefined(existing) === undefined && dirname(existing) !== existing)
    existing = dirname(existing);
  if (!statOrUndefined(existing)?.isDirectory()) return `${existing} is not a folder`;
  const probe = join(existing, `.funnelstorm-write-test-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return `the folder ${folder} cannot be created in ${existing} (${reason})`;
  }
  return undefined;
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
