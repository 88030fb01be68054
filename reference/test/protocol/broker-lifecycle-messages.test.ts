/**
 * BrokerRegistration(62)과 BrokerHeartbeat(63)을 Kafka protocol guide의 BNF대로 바이트를 손으로 적어 맞춰 봅니다.
 * 모든 버전의 왕복은 messages.test.ts가 봅니다 (이 두 API도 스키마 목록에 있습니다).
 */
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/protocol/codec.js';
import {
  brokerRegistrationRequest,
  brokerRegistrationResponse,
} from '../../src/protocol/messages/62-broker-registration.js';
import { brokerHeartbeatRequest, brokerHeartbeatResponse } from '../../src/protocol/messages/63-broker-heartbeat.js';
import { ByteReader } from '../../src/protocol/reader.js';

const hex = (buf: Buffer) => buf.toString('hex');
const str = (s: string) => (s.length + 1).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
const UUID = Buffer.alloc(16, 0xab).toString('base64url');

describe('BrokerRegistration과 BrokerHeartbeat의 바이트', () => {
  const registration = {
    brokerId: 1,
    clusterId: 'c1',
    incarnationId: UUID,
    listeners: [{ name: 'PLAINTEXT', host: 'h', port: 9092, securityProtocol: 0 }],
    features: [{ name: 'metadata.version', minSupportedVersion: 1, maxSupportedVersion: 21 }],
    rack: null,
    isMigratingZkBroker: false,
    logDirs: [Buffer.alloc(16, 1).toString('base64url')],
    previousBrokerEpoch: 7,
  };

  it('BrokerRegistration 요청 v4: 유연한 버전, 리스너·기능 구조체마다 태그 구역, 끝에 log_dirs와 previous_broker_epoch', () => {
    const bytes = encode(brokerRegistrationRequest, 4, registration);
    const expected = [
      '00000001', // broker_id
      str('c1'), // cluster_id
      'ab'.repeat(16), // incarnation_id
      '02', // listeners: 1개
      str('PLAINTEXT'),
      str('h'),
      '2384', // port: UINT16 9092
      '0000', // security_protocol
      '00', // 리스너의 태그 필드
      '02', // features: 1개
      str('metadata.version'),
      '0001',
      '0015',
      '00', // 기능의 태그 필드
      '00', // rack: null
      '00', // is_migrating_zk_broker
      '02', // log_dirs: 1개
      '01'.repeat(16),
      '0000000000000007', // previous_broker_epoch
      '00', // 요청의 태그 필드
    ].join('');
    expect(hex(bytes)).toBe(expected);
  });

  it('BrokerRegistration 요청 v0에는 v1+의 필드가 없고, 기본값이 아닌 ignorable 필드는 조용히 빠집니다', () => {
    const bytes = encode(brokerRegistrationRequest, 0, registration);
    const decoded = decode(brokerRegistrationRequest, 0, new ByteReader(bytes));
    expect(decoded).toMatchObject({ brokerId: 1, isMigratingZkBroker: false, logDirs: [], previousBrokerEpoch: -1 });
  });

  it('BrokerRegistration 응답: throttle_time_ms error_code broker_epoch', () => {
    const bytes = encode(brokerRegistrationResponse, 4, { throttleTimeMs: 0, errorCode: 101, brokerEpoch: 42 });
    expect(hex(bytes)).toBe(['00000000', '0065', '000000000000002a', '00'].join(''));
  });

  it('BrokerHeartbeat 요청 v1: offline_log_dirs는 태그 0의 필드 (비어 있으면 보내지 않음)', () => {
    const request = {
      brokerId: 1,
      brokerEpoch: 42,
      currentMetadataOffset: 100,
      wantFence: true,
      wantShutDown: false,
      offlineLogDirs: [] as string[],
    };
    const fixed = ['00000001', '000000000000002a', '0000000000000064', '01', '00'].join('');
    expect(hex(encode(brokerHeartbeatRequest, 1, request))).toBe(`${fixed}00`);
    const offline = Buffer.alloc(16, 2).toString('base64url');
    const tagged = encode(brokerHeartbeatRequest, 1, { ...request, offlineLogDirs: [offline] });
    // 태그 필드 1개: 태그 0, 길이 17 (배열 길이 1바이트 + UUID 16바이트), 값
    expect(hex(tagged)).toBe([fixed, '01', '00', '11', '02', '02'.repeat(16)].join(''));
    expect(decode(brokerHeartbeatRequest, 1, new ByteReader(tagged)).offlineLogDirs).toEqual([offline]);
  });

  it('BrokerHeartbeat 응답: is_caught_up is_fenced should_shut_down', () => {
    const bytes = encode(brokerHeartbeatResponse, 1, {
      throttleTimeMs: 0,
      errorCode: 0,
      isCaughtUp: true,
      isFenced: false,
      shouldShutDown: false,
    });
    expect(hex(bytes)).toBe(['00000000', '0000', '01', '00', '00', '00'].join(''));
  });
});
