import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, shellOnCluster } from './support';

const SEED = 13;

describe('shell > files, redirection and pipes', () => {
  it('writes with > and >>, reads with cat, lists with ls and removes with rm', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh('echo first > notes.txt');
    await sh('echo second >> notes.txt');
    await sh('cat > typed.txt', { input: ['line 1', 'line 2'] });
    expect((await sh('cat notes.txt typed.txt')).stdout).toBe('first\nsecond\nline 1\nline 2\n');
    expect((await sh('ls')).stdout).toBe('notes.txt\ntyped.txt\n');
    await sh('rm notes.txt');
    expect((await sh('cat notes.txt', { exitCode: 1 })).stderr).toBe('cat: notes.txt: No such file or directory\n');
    expect((await sh('echo oops >', { exitCode: 2 })).stderr).toBe("bash: syntax error near unexpected token `newline'\n");
  });

  it('pipes echo into the console producer and feeds it a file with <, without prompts', async () => {
    const { sh } = await shellOnCluster(SEED);
    await sh(`kafka-topics.sh --create --topic piped ${BOOTSTRAP}`);
    expect((await sh(`echo "hello | kafka" | kafka-console-producer.sh --topic piped ${BOOTSTRAP}`)).stdout).toBe('');
    await sh('cat > more.txt', { input: ['second', 'third'] });
    await sh(`kafka-console-producer.sh --topic piped ${BOOTSTRAP} < more.txt`);
    await sh(`kafka-console-consumer.sh --topic piped --from-beginning --max-messages 3 ${BOOTSTRAP} > read.txt`);
    expect((await sh('cat read.txt')).stdout).toBe('hello | kafka\nsecond\nthird\n');
    expect((await sh(`kafka-topics.sh --list --exclude-internal ${BOOTSTRAP} | cat`)).stdout).toBe('piped\n');
    expect((await sh('cat < missing.txt', { exitCode: 2 })).stderr).toBe('bash: missing.txt: No such file or directory\n');
    expect((await sh('echo a | | cat', { exitCode: 2 })).stderr).toBe("bash: syntax error near unexpected token `|'\n");
  });
});
