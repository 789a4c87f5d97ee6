import { runChaos } from './src/sim/in-process-chaos';
const out: string[] = [];
for (const seed of [1, 2, 3, 7, 42, 223]) {
  const r = await runChaos({ seed, faults: 10, legacyDraws: true });
  out.push(`${seed} brokers=${r.brokers} events=${r.events} virtualMs=${r.virtualMs} sent=${r.sent} acked= anomalies=${r.anomalies.length} history=${r.history.map((h) => h.description).join('|')}`);
}
console.log(out.join('\n'));
