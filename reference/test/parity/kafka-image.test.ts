/**
 * 비교용 진짜 Kafka는 두 곳에서 띄웁니다: 비교 모음(testcontainers)과 `docker-compose.kraft.yml`(브로커 3대).
 * 두 곳의 이미지 태그가 다르면 같은 시나리오가 다른 Kafka를 보게 되므로, 여기서 같은지 확인합니다.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KAFKA_IMAGE } from './kafka-image.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('Kafka 이미지 태그', () => {
  it('docker-compose.kraft.yml의 모든 Kafka 서비스가 비교 모음과 같은 태그를 씁니다', () => {
    // `<<: *kafka` 병합 키를 풀어야 서비스마다 실제로 쓰는 이미지가 보입니다.
    const compose = parse(readFileSync(path.join(root, 'docker-compose.kraft.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { image?: string }>;
    };
    const images = Object.entries(compose.services).map(([name, service]) => [name, service.image]);
    expect(images.length).toBeGreaterThan(0);
    expect(images).toEqual(images.map(([name]) => [name, KAFKA_IMAGE]));
  });
});
