import cliProgress from 'cli-progress';

/** Cells done and failed of the total, with an ETA; silent (no-ops) when stderr is not a terminal. */
export function sweepProgress(label: string, total: number): { update: (done: number, failed: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} cells | {failed} failed | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { failed: 0 });
  let stopped = false;
  return {
    update: (done, failed) => bar.update(done + failed, { failed }),
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
