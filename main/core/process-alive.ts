// Whether a process on this machine still runs: how leftovers of a killed process (a partial
// bundle, a replay's container) are told from those of one still at work.
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}
