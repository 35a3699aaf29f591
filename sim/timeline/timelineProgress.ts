import cliProgress from 'cli-progress';

/** The timeline's progress bar on stderr (steps done of total, and what runs now); silent off a terminal. */
export function timelineProgress(label: string): { update: (done: number, total: number, stage: string) => void; stage: (stage: string) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stage: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} steps | {stage} | {duration}s`, stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  let stopped = false;
  let stageText = 'population level';
  return {
    update: (done, total, stage) => {
      if (stopped) return;
      if (!started) bar.start(total, 0, { stage: stageText });
      started = true;
      stageText = stage;
      bar.setTotal(total);
      bar.update(done, { stage });
    },
    stage: (stage) => {
      stageText = stage;
      if (started && !stopped) bar.update({ stage });
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
