/**
 * Learners copy commands from older notes (the project's own source material teaches ZooKeeper-era
 * Kafka). The terminal answers them as Kafka 4.x does, byte for byte; beside it, the page says what
 * changed and gives the modern command. Pure: a command line in, a hint or null out.
 */
import type { LocalizedText } from '../../lessons/lesson-types';
import { tokenize } from '../../shell/tokenize';

export interface LegacyHint {
  /** What the line used that Kafka no longer takes. */
  legacy: string;
  explanation: LocalizedText;
  /** The same command as Kafka 4.x takes it, or null when there is none to type. */
  modern: string | null;
}

const BOOTSTRAP = 'localhost:9092';

const ZOOKEEPER: LocalizedText = {
  en: 'Kafka no longer takes --zookeeper: its tools talk to the brokers with --bootstrap-server (kafka-topics.sh dropped --zookeeper in 3.0, KIP-604), and since 4.0 Kafka runs without ZooKeeper, in KRaft mode, with the controller keeping the metadata.',
  ko: 'Kafka는 더 이상 --zookeeper를 받지 않습니다. 도구는 --bootstrap-server로 브로커와 통신하고(kafka-topics.sh는 3.0에서 --zookeeper 제거, KIP-604), 4.0부터 Kafka는 ZooKeeper 없이 KRaft 모드로 돌며 컨트롤러가 메타데이터를 관리합니다.',
};

const BROKER_LIST: LocalizedText = {
  en: "--broker-list is the old, deprecated name of --bootstrap-server (KIP-499). The console producer still accepts it, but today's notes and the other tools use --bootstrap-server.",
  ko: '--broker-list는 --bootstrap-server의 예전 이름으로 더 이상 권장되지 않습니다(KIP-499). 콘솔 프로듀서는 아직 받지만, 요즘 자료와 다른 도구는 --bootstrap-server를 씁니다.',
};

const ZOOKEEPER_SERVER: LocalizedText = {
  en: 'There is no ZooKeeper to start: Kafka 4.x runs in KRaft mode, where the controller (on this page) keeps the metadata. Start brokers with Add broker, or kafka-server-start.sh in a real installation.',
  ko: '시작할 ZooKeeper가 없습니다. Kafka 4.x는 KRaft 모드로 돌고, 컨트롤러(이 페이지에 있음)가 메타데이터를 관리합니다. 브로커는 브로커 추가로 시작하세요(실제 설치에서는 kafka-server-start.sh).',
};

/** A word as a shell reads it back: quoted when it holds spaces or quotes. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** The line with `--option value` replaced by `--bootstrap-server value`, quoted words kept as typed. */
function replaceOption(words: string[], option: string, value: (typed: string | undefined) => string): string {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === option) {
      out.push('--bootstrap-server', value(words[i + 1]));
      i++;
    } else if (words[i]!.startsWith(`${option}=`)) {
      out.push(`--bootstrap-server=${value(words[i]!.slice(option.length + 1))}`);
    } else out.push(words[i]!);
  }
  return out.map(shellWord).join(' ');
}

export function legacyHint(line: string): LegacyHint | null {
  let words: string[];
  try {
    words = tokenize(line);
  } catch {
    return null;
  }
  if (words.length === 0) return null;
  if (/^zookeeper-(server-start|shell)(\.sh)?$/.test(words[0]!)) return { legacy: words[0]!, explanation: ZOOKEEPER_SERVER, modern: null };
  if (words.some((w) => w === '--zookeeper' || w.startsWith('--zookeeper='))) {
    // A ZooKeeper address (port 2181) means nothing to a broker: point at a broker instead.
    return { legacy: '--zookeeper', explanation: ZOOKEEPER, modern: replaceOption(words, '--zookeeper', () => BOOTSTRAP) };
  }
  if (words.some((w) => w === '--broker-list' || w.startsWith('--broker-list=')) && words[0]!.startsWith('kafka-console-producer')) {
    return {
      legacy: '--broker-list',
      explanation: BROKER_LIST,
      modern: replaceOption(words, '--broker-list', (typed) => typed ?? BOOTSTRAP),
    };
  }
  return null;
}
