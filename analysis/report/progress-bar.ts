/**
 * A one-line progress bar on a terminal stream (stderr), redrawn at most once per percent; nothing at all when the
 * stream is not a TTY, so logs and pipes stay clean.
 */
export function progressBar(
  stream: NodeJS.WriteStream,
  label: string,
): { update: (done: number, total: number) => void; finish: () => void } {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  let shown = -1;
  const width = 30;
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((100 * done) / total);
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((width * percent) / 100);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}%`);
    },
    finish() {
      if (shown >= 0) stream.write('\r\u001b[2K');
    },
  };
}
