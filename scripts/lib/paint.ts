import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** 터미널일 때만 색을 입힙니다 (파이프나 CI 로그, NO_COLOR에서는 글자만). */
export function paint(format: Format, text: string): string {
  return process.stdout.isTTY && !process.env.NO_COLOR ? styleText(format, text) : text;
}
