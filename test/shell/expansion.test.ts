import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/shell/tokenize';
import { shellOnCluster } from './support';

describe('shell > words, variables and command substitution', () => {
  it('splits words as bash does: quotes group, backslashes escape, single quotes keep $ literal', () => {
    const variables = new Map([
      ['TOPIC', 'orders'],
      ['ID', 'abc'],
    ]);
    expect(tokenize(`kafka-topics.sh --topic "$TOPIC" --config 'x=$ID' a\\ b "\${ID}-1" $UNSET end`, variables)).toEqual([
      'kafka-topics.sh',
      '--topic',
      'orders',
      '--config',
      'x=$ID',
      'a b',
      'abc-1',
      'end',
    ]);
    expect(tokenize('echo "say \\"hi\\" \\$ID"', variables)).toEqual(['echo', 'say "hi" $ID']);
  });

  it("sets variables, with or without export, and substitutes a command's output with $(...)", async () => {
    const { sh } = await shellOnCluster(19);
    await sh('export GREETING=hello NAME=kafka');
    await sh('MESSAGE="$(echo $GREETING) $(echo "$NAME")!"');
    expect((await sh('echo $MESSAGE')).stdout).toBe('hello kafka!\n');
    expect((await sh("echo '$(echo not run)'")).stdout).toBe('$(echo not run)\n');
    expect((await sh('echo $(echo oops', { exitCode: 2 })).stderr).toBe("bash: unexpected EOF while looking for matching `)'\n");
  });
});
