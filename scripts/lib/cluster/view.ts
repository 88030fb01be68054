/**
 * `npm run cluster`의 화면: 노드마다 색이 다른 머리말(`[kafka-1]`)을 단 로그가 위로 흐르고, 터미널이면 맨 아래에 상태
 * 블록이 제자리에서 새로 그려집니다 (블록을 지우고 로그 줄을 쓴 뒤 다시 그립니다). 터미널이 아니면(파이프, 로그 파일)
 * 상태가 바뀔 때마다 `[상태]` 줄로 남깁니다.
 */
import { stripVTControlCharacters } from 'node:util';
import { paint } from '../paint.js';

const NODE_COLORS = ['cyan', 'magenta', 'blue', 'yellow', 'green'] as const;

export class ClusterView {
  readonly #tty: boolean;
  #footer: string[] = [];
  #lastPlain = '';

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {
    this.#tty = Boolean(out.isTTY);
  }

  /** 노드 로그 한 줄 */
  node(index: number, name: string, line: string): void {
    const color = NODE_COLORS[index % NODE_COLORS.length] ?? 'cyan';
    this.line(`${paint(color, `[${name}]`)} ${line}`);
  }

  /** 감독(`npm run cluster` 자신)의 한 줄 */
  say(line: string): void {
    this.line(`${paint('bold', '[cluster]')} ${line}`);
  }

  line(text: string): void {
    if (!this.#tty) {
      this.out.write(`${text}\n`);
      return;
    }
    this.out.write(`${this.#clearFooter()}${text}\n${this.#drawFooter()}`);
  }

  /** 상태 블록을 바꿉니다. `help`(키와 명령 안내)는 터미널의 상태 블록에만 붙습니다 */
  status(lines: readonly string[], help: readonly string[] = []): void {
    if (!this.#tty) {
      const plain = lines.map((l) => stripVTControlCharacters(l)).join('\n');
      if (plain === this.#lastPlain) return;
      this.#lastPlain = plain;
      for (const l of plain.split('\n')) this.out.write(`[상태] ${l}\n`);
      return;
    }
    const clear = this.#clearFooter();
    const width = this.out.columns || 120;
    // 줄이 접히면 지울 줄 수가 어긋나므로 터미널 폭에서 자릅니다.
    this.#footer = [...lines, ...help].map((l) =>
      displayWidth(stripVTControlCharacters(l)) >= width ? truncate(l, width) : l,
    );
    this.out.write(clear + this.#drawFooter());
  }

  #clearFooter(): string {
    return this.#footer.length === 0 ? '' : `\x1b[${this.#footer.length}A\x1b[J`;
  }

  #drawFooter(): string {
    return this.#footer.map((l) => `${l}\n`).join('');
  }
}

/** 터미널에서 차지하는 칸 수: 한글 같은 넓은 글자는 두 칸 (넉넉하게 U+1100 이상을 모두 두 칸으로 셉니다) */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x1100 ? 2 : 1;
  return width;
}

/** 색 코드를 지우고 폭에 맞춰 자릅니다 (자른 줄은 색 없이) */
function truncate(line: string, width: number): string {
  let out = '';
  for (const char of stripVTControlCharacters(line)) {
    if (displayWidth(`${out}${char}`) >= width - 1) break;
    out += char;
  }
  return `${out}…`;
}
