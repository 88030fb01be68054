/**
 * 골든 바이트: 진짜 클라이언트가 진짜 소켓에 쓴 요청을 그대로 옮겨 적었습니다. 테스트는 고치지 마세요.
 *
 * 잡은 방법: reference 브로커에 "받은 프레임을 hex로 찍는 프레이머"를 끼워 띄우고(강의의 "직접 해보기"),
 * kafkajs 2.2.4로 토픽을 만들고 레코드 하나를 보냈습니다. @platformatic/kafka 1.35.0으로는 토픽 목록을
 * 물었습니다. 주석은 바이트를 Kafka protocol guide의 필드 이름으로 읽은 것입니다.
 */

/** `// 주석`과 공백을 지우고 hex를 바이트로 바꿉니다. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\/\/.*$/gm, '').replace(/\s+/g, ''), 'hex');
}

/** 프레임 내용 앞에 4바이트 크기(빅 엔디언 int32)를 붙입니다. 소켓에 실제로 흐르는 모양입니다. */
export function framed(payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/** kafkajs가 연결하자마자 보내는 첫 요청: ApiVersions v2 (요청 헤더 v1, 본문 없음). 17바이트. */
export const kafkajsApiVersions = hex(`
  0012                          // request_api_key = 18 (ApiVersions)
  0002                          // request_api_version = 2
  00000000                      // correlation_id = 0
  0007 6b61666b616a73           // client_id = "kafkajs" (int16 길이 + UTF-8)
                                // 본문: ApiVersions v0~v2 요청에는 필드가 없습니다
`);

/** kafkajs의 두 번째 요청: "모든 토픽"의 Metadata v6. 토픽 배열이 null(-1)입니다. */
export const kafkajsMetadataAllTopics = hex(`
  0003 0006 00000001            // Metadata v6, correlation_id = 1
  0007 6b61666b616a73           // client_id = "kafkajs"
  ffffffff                      // topics = null (int32 -1) → 모든 토픽
  00                            // allow_auto_topic_creation = false
`);

/** kafkajs의 세 번째 요청: CreateTopics v3 ("orders", 파티션 1개). */
export const kafkajsCreateTopics = hex(`
  0013 0003 00000002            // CreateTopics v3, correlation_id = 2
  0007 6b61666b616a73           // client_id = "kafkajs"
  00000001                      // topics: 1개
    0006 6f7264657273           //   name = "orders"
    00000001                    //   num_partitions = 1
    ffff                        //   replication_factor = -1 (브로커 기본값)
    00000000                    //   assignments: 0개
    00000000                    //   configs: 0개
  00001388                      // timeout_ms = 5000
  00                            // validate_only = false
`);

/** kafkajs(admin)가 토픽 "orders"만 물을 때의 Metadata v6 */
export const kafkajsMetadataOrders = hex(`
  0003 0006 00000003            // Metadata v6, correlation_id = 3
  0007 6b61666b616a73           // client_id = "kafkajs"
  00000001                      // topics: 1개
    0006 6f7264657273           //   name = "orders"
  00                            // allow_auto_topic_creation = false
`);

/** 레코드 배치 v2 하나 (87바이트): 키 "user-7", 값 "주문 완료", 타임스탬프 1700000000000 */
export const kafkajsRecordBatch = hex(`
  0000000000000000              // baseOffset = 0 (브로커가 고쳐 씁니다)
  0000004b                      // batchLength = 75 (이 필드 뒤의 바이트 수)
  00000000                      // partitionLeaderEpoch = 0
  02                            // magic = 2
  c9e4926c                      // crc: 아래 attributes부터 끝까지의 CRC-32C
  0000                          // attributes = 0 (압축 없음)
  00000000                      // lastOffsetDelta = 0
  0000018bcfe56800              // baseTimestamp = 1700000000000
  0000018bcfe56800              // maxTimestamp = 1700000000000
  ffffffffffffffff              // producerId = -1 (멱등성 없음)
  0000                          // producerEpoch = 0
  00000000                      // baseSequence = 0
  00000001                      // records: 1개
    32                          //   length = 25 (varint, 지그재그로 50)
    00                          //   attributes
    00                          //   timestampDelta = 0 (varlong)
    00                          //   offsetDelta = 0 (varint)
    0c 757365722d37             //   keyLength = 6 (지그재그로 12), key = "user-7"
    1a eca3bcebacb820ec9984eba38c //   valueLength = 13 (지그재그로 26), value = "주문 완료"
    00                          //   headers: 0개
`);

/** kafkajs의 Produce v7: 위의 레코드 배치를 토픽 "orders"의 파티션 0에 보냅니다 (acks=-1). */
export const kafkajsProduce = Buffer.concat([
  hex(`
    0000 0007 00000002          // Produce v7, correlation_id = 2 (프로듀서 연결의 세 번째 요청)
    0007 6b61666b616a73         // client_id = "kafkajs"
    ffff                        // transactional_id = null
    ffff                        // acks = -1 (all)
    00007530                    // timeout_ms = 30000
    00000001                    // topic_data: 1개
      0006 6f7264657273         //   name = "orders"
      00000001                  //   partition_data: 1개
        00000000                //     index = 0
        00000057                //     records: 87바이트 (int32 길이의 BYTES)
  `),
  kafkajsRecordBatch,
]);

/** kafkajsProduce 안에서 레코드 배치가 시작하는 위치 */
export const recordBatchPosition = kafkajsProduce.length - kafkajsRecordBatch.length;

/**
 * @platformatic/kafka의 첫 요청: ApiVersions v3. 유연한 버전이라 요청 헤더 v2이고, 본문의 문자열은 compact입니다.
 */
export const platformaticApiVersions = hex(`
  0012 0003 00000001            // ApiVersions v3, correlation_id = 1
  000c 706c6174666f726d61746963 // client_id = "platformatic" (헤더 v2에서도 int16 길이!)
  00                            // 헤더의 태그 필드: 0개
  13 706c6174666f726d617469632d6b61666b61 // client_software_name: compact 길이 19 = 18 + 1
  07 312e33352e30               // client_software_version = "1.35.0": compact 길이 7 = 6 + 1
  00                            // 본문의 태그 필드: 0개
`);

/** @platformatic/kafka의 "모든 토픽" Metadata v12: compact 배열 길이 0 = null */
export const platformaticMetadataAllTopics = hex(`
  0003 000c 00000002            // Metadata v12, correlation_id = 2
  000c 706c6174666f726d61746963 // client_id = "platformatic"
  00                            // 헤더의 태그 필드: 0개
  00                            // topics = null (compact 길이 0) → 모든 토픽
  00                            // allow_auto_topic_creation = false
  00                            // include_topic_authorized_operations = false
  00                            // 본문의 태그 필드: 0개
`);

/** 같은 클라이언트가 토픽을 하나도 묻지 않는 Metadata v12: compact 길이 1 = 빈 배열 */
export const platformaticMetadataNoTopics = hex(`
  0003 000c 00000003            // Metadata v12, correlation_id = 3
  000c 706c6174666f726d61746963 // client_id = "platformatic"
  00                            // 헤더의 태그 필드: 0개
  01                            // topics = [] (compact 길이 1 = 0 + 1)
  00                            // allow_auto_topic_creation = false
  01                            // include_topic_authorized_operations = true
  00                            // 본문의 태그 필드: 0개
`);
