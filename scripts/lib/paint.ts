import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** 색을 쓸지: 표준 출력이 터미널이고 NO_COLOR가 없을 때만 (파이프나 CI 로그에서는 글자만). */
export function colorsOn(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

/** 터미널일 때만 색을 입힙니다. */
export function paint(format: Format, text: string): string {
  return colorsOn() ? styleText(format, text) : text;
}
