import os from 'node:os';

/** The machine the figures were measured on, recorded with every run. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  loadAverage: number;
  platform: string;
  release: string;
  node: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    platform: os.platform(),
    release: os.release(),
    node: process.version,
  };
}
