/**
 * AlterUserScramCredentials (API 키 51): SCRAM 자격 증명을 지우거나(deletions) 만들거나 바꿉니다(upsertions)
 * (`kafka-configs.sh --alter --add-config 'SCRAM-SHA-512=[password=…]' --entity-type users`). 버전은 0 하나이고 처음부터
 * 유연한 버전입니다.
 *
 * 클라이언트는 비밀번호를 보내지 않습니다: salt를 뽑아 PBKDF2로 `SaltedPassword = Hi(password, salt, iterations)`를
 * 계산해 보내고, 컨트롤러가 거기서 StoredKey와 ServerKey를 만들어 적습니다.
 *
 * Kafka protocol guide, "AlterUserScramCredentials API (Key: 51)":
 *
 *     AlterUserScramCredentials Request (Version: 0) => [deletions] [upsertions] _tagged_fields
 *       deletions => name mechanism _tagged_fields
 *         name => COMPACT_STRING
 *         mechanism => INT8
 *       upsertions => name mechanism iterations salt salted_password _tagged_fields
 *         name => COMPACT_STRING
 *         mechanism => INT8
 *         iterations => INT32
 *         salt => COMPACT_BYTES
 *         salted_password => COMPACT_BYTES
 *
 *     AlterUserScramCredentials Response (Version: 0) => throttle_time_ms [results] _tagged_fields
 *       throttle_time_ms => INT32
 *       results => user error_code error_message _tagged_fields
 *         user => COMPACT_STRING
 *         error_code => INT16
 *         error_message => COMPACT_NULLABLE_STRING
 */
import { type Message, type MessageInput, message } from '../schema.js';

export const alterUserScramCredentialsRequest = message({
  name: 'AlterUserScramCredentialsRequest',
  apiKey: 51,
  type: 'request',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'deletions',
      type: '[]ScramCredentialDeletion',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'mechanism', type: 'int8', versions: '0+' },
      ],
    },
    {
      name: 'upsertions',
      type: '[]ScramCredentialUpsertion',
      versions: '0+',
      fields: [
        { name: 'name', type: 'string', versions: '0+' },
        { name: 'mechanism', type: 'int8', versions: '0+' },
        { name: 'iterations', type: 'int32', versions: '0+' },
        { name: 'salt', type: 'bytes', versions: '0+' },
        { name: 'saltedPassword', type: 'bytes', versions: '0+' },
      ],
    },
  ],
});
export type AlterUserScramCredentialsRequest = Message<typeof alterUserScramCredentialsRequest>;
export type AlterUserScramCredentialsRequestInput = MessageInput<typeof alterUserScramCredentialsRequest>;

export const alterUserScramCredentialsResponse = message({
  name: 'AlterUserScramCredentialsResponse',
  apiKey: 51,
  type: 'response',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'throttleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'results',
      type: '[]AlterUserScramCredentialsResult',
      versions: '0+',
      fields: [
        { name: 'user', type: 'string', versions: '0+' },
        { name: 'errorCode', type: 'int16', versions: '0+' },
        { name: 'errorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      ],
    },
  ],
});
export type AlterUserScramCredentialsResponse = Message<typeof alterUserScramCredentialsResponse>;
export type AlterUserScramCredentialsResponseInput = MessageInput<typeof alterUserScramCredentialsResponse>;
