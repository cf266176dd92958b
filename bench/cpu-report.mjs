// Preloaded (node --import) into the processes the benchmark times: reports the process's own
// CPU time (user + system, all threads) on stderr at exit, so that a busy machine does not
// distort the comparison the way wall time would.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const u = process.cpuUsage();
  writeSync(2, `\nBENCH_CPU_MS ${((u.user + u.system) / 1000).toFixed(1)}\n`);
});
