// Signals while outputs are written. Writing is synchronous, so a signal that arrives meanwhile is
// handled at the next turn of the event loop, by a handler that cleans up and then ends the process
// by that same signal (its default action), so that the parent sees how it ended.
import { constants } from 'node:os';

/** The signals whose default action ends the process and that Node lets a program handle. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGPROF', 'SIGXCPU'] as const;

const immediate = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Lets a signal that arrived during synchronous work reach its handler: signals are read in the event
 * loop's poll phase, and two immediates always have one poll phase between them.
 */
export async function deliverPendingSignals(): Promise<void> {
  await immediate();
  await immediate();
}

let announce: (line: string) => void = () => {};

/** How a line saying what an interrupt left behind is printed: set by the entry point, which prints every message. */
export function setInterruptPrinter(print: (line: string) => void): void {
  announce = print;
}

/**
 * Runs fn with every terminating signal handled by cleanUp, after which `notice` (what the interrupt left
 * behind, for the user) is printed and the process ends by the signal.
 */
export async function withSignalsHandled(cleanUp: () => void, fn: () => Promise<void>, notice?: () => string): Promise<void> {
  const off = (): void => SIGNALS.forEach((sig) => process.off(sig, handler));
  function handler(signal: NodeJS.Signals): void {
    try {
      cleanUp();
      if (notice) announce(notice());
    } finally {
      off();
      process.kill(process.pid, signal); // no handler is left: the default action ends the process
      setTimeout(() => process.exit(128 + constants.signals[signal]), 1000).unref();
    }
  }
  SIGNALS.forEach((sig) => process.on(sig, handler));
  try {
    await fn();
  } finally {
    await deliverPendingSignals(); // a signal that arrived while writing reaches the handler now
    off();
  }
}
