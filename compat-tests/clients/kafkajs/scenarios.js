'use strict'
/**
 * The KafkaJS scenarios of Samsa's compatibility suite (runner.js speaks the suite's protocol).
 * Names match the Java and Python scenarios where the scenario is the same. KafkaJS is a pure
 * JavaScript implementation of the protocol; its consumers always belong to a group (it has no
 * assign()), so reading a topic back uses a fresh group.
 *
 *     node scenarios.js --list
 *     node scenarios.js --bootstrap HOST:PORT --node-id N --broker NAME --tag TAG --scenarios a,b
 */
const {
  CompressionTypes, CompressionCodecs, ConfigResourceTypes, Partitioners, AclResourceTypes, AclOperationTypes,
  AclPermissionTypes, ResourcePatternTypes
} = require('kafkajs')
const SnappyCodec = require('kafkajs-snappy')
const { scenario, start, outcome, errorName, Fail, sleep, entries, WAIT } = require('./runner')

CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec

// .ci/run installs only when node_modules is absent: a node_modules from before the codec packages
// costs the two codec scenarios (reported n.a. with the fix), not every KafkaJS scenario
let codecsMissing = null
try {
  const { Lz4Codec, ZstdCodec } = require('./codecs')
  CompressionCodecs[CompressionTypes.LZ4] = Lz4Codec
  CompressionCodecs[CompressionTypes.ZSTD] = ZstdCodec
} catch (e) {
  if (e.code !== 'MODULE_NOT_FOUND') throw e
  codecsMissing = `the LZ4/ZSTD codec packages are not installed (run npm ci in compat-tests/clients/kafkajs): ${e.message.split('\n')[0]}`
}

/**
 * Calls of each codec in this process. KafkaJS picks the decompressor from the fetched batch's
 * attributes, so a codec decompressing while a topic is read back shows the broker stored and
 * served the batch compressed with it (the consumer API does not expose the attributes).
 */
const codecCalls = {}
for (const [name, type] of Object.entries({ gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD })) {
  const codec = CompressionCodecs[type]
  const calls = codecCalls[name] = { compress: 0, decompress: 0 }
  CompressionCodecs[type] = () => {
    const { compress, decompress } = codec()
    return {
      compress: encoder => { calls.compress++; return compress(encoder) },
      decompress: buffer => { calls.decompress++; return decompress(buffer) }
    }
  }
}

function codecCallCounts () {
  return Object.fromEntries(Object.entries(codecCalls).map(([name, calls]) => [name, { ...calls }]))
}

/** Codecs (other than none) that were called for compress or decompress since `before`. */
function codecsUsed (before, kind) {
  return Object.keys(codecCalls).filter(name => codecCalls[name][kind] > before[name][kind])
}

const ACKS = { 0: 0, 1: 1, all: -1 }
const producerOptions = { createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: true }

function partitionsView (partitions) {
  return partitions.slice().sort((a, b) => a.partitionId - b.partitionId)
    .map(p => `${p.partitionId}:leader=${p.leader}:replicas=${JSON.stringify(p.replicas)}:isr=${JSON.stringify(p.isr)}`)
}

/** [partition, baseOffset, error] of each partition batch a send wrote. */
function acksView (metadata) {
  return metadata.map(m => [m.partition, Number(m.baseOffset), m.errorCode === 0 ? null : m.errorCode])
}

async function until (what, done, timeout = WAIT) {
  const deadline = Date.now() + timeout
  const startAt = Date.now()
  while (!done()) {
    if (Date.now() > deadline) throw new Fail(`timed out after ${timeout / 1000} s waiting for ${what}`)
    await sleep(20)
  }
  return Date.now() - startAt
}

// ------------------------------------------------------------------------------------- cluster

scenario('describe-cluster', 'cluster',
  'describeCluster: one node with the configured id, loopback host and port, itself as controller',
  async (ctx, out) => {
    const cluster = await (await ctx.admin()).describeCluster()
    out.expect('nodes.count', 1, cluster.brokers.length)
    const node = cluster.brokers[0]
    out.expect('node.id', ctx.nodeId, node.nodeId)
    out.expect('node.host', '127.0.0.1', node.host)
    out.check('node.port.is.bootstrap.port', ctx.bootstrap.endsWith(`:${node.port}`))
    out.expect('controller.id', ctx.nodeId, cluster.controller)
    out.put('cluster.id', cluster.clusterId)
    out.expect('cluster.id.length', 22, (cluster.clusterId || '').length)
  })

scenario('metadata-partitions-for', 'cluster',
  'Metadata of a new topic: partitions, leader, replicas and ISR; the topic is listed',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 2)
    const admin = await ctx.admin()
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
    out.expect('partitions', ['0:leader=1:replicas=[1]:isr=[1]', '1:leader=1:replicas=[1]:isr=[1]'],
      partitionsView(topics[0].partitions))
    out.check('listed', (await admin.listTopics()).includes(topic))
  })

scenario('metadata-auto-create-topic', 'cluster',
  'producing to an unknown topic creates it with num.partitions (auto.create.topics.enable)',
  async (ctx, out) => {
    const topic = ctx.name('auto')
    const producer = await ctx.producer(producerOptions)
    out.expect('acks', [[0, 0, null]], acksView(await producer.send({ topic, messages: [{ key: 'k', value: 'v' }] })))
    out.expect('partitions', ['0:leader=1:replicas=[1]:isr=[1]'], partitionsView(await ctx.awaitLeaders(topic, 1)))
    out.expect('records.read', 1, (await ctx.readAll(topic, 1)).length)
  })

scenario('metadata-invalid-topic-name', 'cluster',
  'producing to an invalid topic name fails, and no topic is created',
  async (ctx, out) => {
    const topic = `bad name ${ctx.name('x')}`
    const producer = await ctx.producer({ ...producerOptions, retry: { retries: 0 } })
    const refused = await outcome(() => producer.send({ topic, messages: [{ value: 'v' }] }))
    out.put('produce.error', refused)
    out.check('refused', refused !== null)
    out.check('topic.not.created', !(await (await ctx.admin()).listTopics()).includes(topic))
  })

scenario('admin-acls-without-authorizer', 'cluster',
  'describeAcls, createAcls and deleteAcls on a broker without an authorizer fail with SECURITY_DISABLED',
  async (ctx, out) => {
    const admin = await ctx.admin()
    const acl = { resourceType: AclResourceTypes.TOPIC, resourceName: ctx.name('t'),
      resourcePatternType: ResourcePatternTypes.LITERAL, principal: 'User:alice', host: '*',
      operation: AclOperationTypes.READ, permissionType: AclPermissionTypes.ALLOW }
    out.expect('describe', 'SECURITY_DISABLED', await outcome(() => admin.describeAcls({
      resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY })))
    out.expect('create', 'SECURITY_DISABLED', await outcome(() => admin.createAcls({ acl: [acl] })))
    out.expect('delete', 'SECURITY_DISABLED', await outcome(() => admin.deleteAcls({ filters: [acl] })))
  })

// -------------------------------------------------------------------------------------- topics

scenario('create-topic', 'topics',
  'createTopics with 3 partitions, then Metadata shows leaders and ISR and the topic is listed',
  async (ctx, out) => {
    const topic = ctx.name('t')
    const admin = await ctx.admin()
    out.expect('created', true, await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] }))
    out.expect('partitions', [0, 1, 2].map(p => `${p}:leader=1:replicas=[1]:isr=[1]`),
      partitionsView(await ctx.awaitLeaders(topic, 3)))
    out.check('listed', (await admin.listTopics()).includes(topic))
  })

scenario('create-topic-duplicate', 'topics',
  'creating an existing topic: KafkaJS answers false for TOPIC_ALREADY_EXISTS (also validate-only)',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const admin = await ctx.admin()
    out.expect('create.again', false, await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] }))
    out.expect('create.again.other.partitions', false, await admin.createTopics({ topics: [{ topic, numPartitions: 5 }] }))
    out.expect('create.again.validate.only', false,
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], validateOnly: true }))
    out.expect('partitions.unchanged', 1, (await ctx.awaitLeaders(topic, 1)).length)
  })

scenario('create-topic-invalid-name', 'topics',
  'names with \'/\', \'.\', \'..\', a space or 250 characters are refused; 249 characters are fine',
  async (ctx, out) => {
    const admin = await ctx.admin()
    const names = { slash: 'bad/name', dot: '.', dotdot: '..', space: 'bad name', 'length.250': 'a'.repeat(250) }
    for (const [label, topic] of Object.entries(names)) {
      out.put(`create.${label}`, await outcome(() =>
        admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: false })))
    }
    const unique = ctx.name('b')
    const longest = unique + 'b'.repeat(249 - unique.length)
    out.expect('create.length.249', null, await outcome(() =>
      admin.createTopics({ topics: [{ topic: longest, numPartitions: 1, replicationFactor: 1 }] })))
    await admin.deleteTopics({ topics: [longest] })
  })

scenario('describe-topic-unknown', 'topics',
  'Metadata of an unknown topic from the admin client (no auto-creation): UNKNOWN_TOPIC_OR_PARTITION',
  async (ctx, out) => {
    const admin = await ctx.admin()
    const topic = ctx.name('missing')
    out.expect('by.name', 'UNKNOWN_TOPIC_OR_PARTITION', await outcome(() => admin.fetchTopicMetadata({ topics: [topic] })))
    out.check('not.created', !(await admin.listTopics()).includes(topic))
  })

scenario('create-topic-validate-only', 'topics',
  'validateOnly answers like a create but creates nothing',
  async (ctx, out) => {
    const topic = ctx.name('t')
    const admin = await ctx.admin()
    out.expect('validate.only', null, await outcome(() =>
      admin.createTopics({ topics: [{ topic, numPartitions: 4 }], validateOnly: true, waitForLeaders: false })))
    out.check('not.listed', !(await admin.listTopics()).includes(topic))
    out.expect('create.for.real', true, await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] }))
  })

scenario('create-topic-invalid-partitions', 'topics',
  'replication factor 3 on one node, 0 partitions: refused',
  async (ctx, out) => {
    const admin = await ctx.admin()
    out.expect('replication.factor.3', 'INVALID_REPLICATION_FACTOR', await outcome(() =>
      admin.createTopics({ topics: [{ topic: ctx.name('rf3'), numPartitions: 1, replicationFactor: 3 }] })))
    out.put('partitions.0', await outcome(() =>
      admin.createTopics({ topics: [{ topic: ctx.name('p0'), numPartitions: 0, replicationFactor: 1 }] })))
  })

scenario('delete-topic', 'topics',
  'deleteTopics removes the topic; the name can be created again, empty',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    await (await ctx.producer(producerOptions)).send({ topic, messages: [{ key: 'k', value: 'v' }] })
    const admin = await ctx.admin()
    out.expect('delete', null, await outcome(() => admin.deleteTopics({ topics: [topic] })))
    const deadline = Date.now() + WAIT
    while ((await admin.listTopics()).includes(topic) && Date.now() < deadline) await sleep(50)
    out.check('not.listed', !(await admin.listTopics()).includes(topic))
    out.expect('create.again', true, await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] }))
    await ctx.awaitLeaders(topic, 2)
    const offsets = await admin.fetchTopicOffsets(topic)
    out.expect('end.offsets.after.recreate', ['0', '0'], offsets.sort((a, b) => a.partition - b.partition).map(o => o.high))
  })

scenario('delete-topic-unknown', 'topics',
  'deleteTopics of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION',
  async (ctx, out) => {
    const admin = await ctx.admin()
    out.expect('delete', 'UNKNOWN_TOPIC_OR_PARTITION', await outcome(() => admin.deleteTopics({ topics: [ctx.name('missing')] })))
  })

scenario('create-partitions', 'topics',
  'createPartitions 1 -> 3, same or fewer refused, validate-only changes nothing, new partitions take records',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const admin = await ctx.admin()
    const grow = (count, validateOnly = false, name = topic) =>
      outcome(() => admin.createPartitions({ topicPartitions: [{ topic: name, count }], validateOnly }))
    out.expect('increase.to.3', null, await grow(3))
    out.expect('partitions', 3, (await ctx.awaitLeaders(topic, 3)).length)
    out.expect('same.count', 'INVALID_PARTITIONS', await grow(3))
    out.expect('decrease', 'INVALID_PARTITIONS', await grow(2))
    out.expect('validate.only.to.5', null, await grow(5, true))
    out.put('unknown.topic', await grow(2, false, ctx.name('missing')))
    out.expect('partitions.after.validate.only', 3, (await ctx.awaitLeaders(topic, 3)).length)
    const producer = await ctx.producer(producerOptions)
    out.expect('produce.to.new.partition', [[2, 0, null]],
      acksView(await producer.send({ topic, messages: [{ key: 'k', value: 'v', partition: 2 }] })))
  })

// ------------------------------------------------------------------------------------- configs

const TOPIC_KEYS = ['cleanup.policy', 'retention.ms', 'retention.bytes', 'max.message.bytes', 'segment.bytes',
  'segment.ms', 'min.insync.replicas', 'compression.type', 'message.timestamp.type', 'delete.retention.ms',
  'unclean.leader.election.enable']
const BROKER_KEYS = ['node.id', 'num.partitions', 'default.replication.factor', 'auto.create.topics.enable',
  'offsets.topic.replication.factor', 'group.initial.rebalance.delay.ms', 'message.max.bytes', 'log.retention.hours',
  'log.segment.bytes', 'log.cleanup.policy', 'min.insync.replicas', 'compression.type']
const SOURCES = { 1: 'DYNAMIC_TOPIC_CONFIG', 2: 'DYNAMIC_BROKER_CONFIG', 3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG', 5: 'DEFAULT_CONFIG', 6: 'DYNAMIC_BROKER_LOGGER_CONFIG', '-1': 'UNKNOWN' }

async function describeConfigs (ctx, type, name) {
  const admin = await ctx.admin()
  try {
    const { resources } = await admin.describeConfigs({ resources: [{ type, name }], includeSynonyms: true })
    const resource = resources[0]
    if (resource.errorCode !== 0) return { error: errorName({ code: resource.errorCode }), configs: {} }
    const configs = {}
    for (const e of resource.configEntries) {
      configs[e.configName] = { value: e.configValue, source: SOURCES[e.configSource] || String(e.configSource),
        read_only: e.readOnly, sensitive: e.isSensitive,
        synonyms: (e.configSynonyms || []).map(s => `${s.configName}=${s.configValue}|${SOURCES[s.configSource]}`) }
    }
    return { error: null, configs }
  } catch (e) {
    return { error: errorName(e), configs: {} }
  }
}

const valueAndSource = e => e == null ? null : `${e.value}|${e.source}`

scenario('describe-configs-topic-defaults', 'configs',
  'describeConfigs of a new topic: every name; value, source, flags and synonyms of the common ones',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const { error, configs } = await describeConfigs(ctx, ConfigResourceTypes.TOPIC, topic)
    out.expect('error', null, error)
    out.put('names', Object.keys(configs).sort())
    for (const key of TOPIC_KEYS) out.put(key, configs[key] || null)
    out.expect('cleanup.policy.value', 'delete|DEFAULT_CONFIG', valueAndSource(configs['cleanup.policy']))
    out.expect('retention.ms.value', '604800000|DEFAULT_CONFIG', valueAndSource(configs['retention.ms']))
  })

scenario('create-topic-with-configs', 'configs',
  'createTopics with configs: they show as DYNAMIC_TOPIC_CONFIG; unknown names and bad values are refused',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1, { 'cleanup.policy': 'compact', 'retention.ms': '3600000', 'max.message.bytes': '2000000' })
    const { configs } = await describeConfigs(ctx, ConfigResourceTypes.TOPIC, topic)
    out.expect('cleanup.policy', 'compact|DYNAMIC_TOPIC_CONFIG', valueAndSource(configs['cleanup.policy']))
    out.expect('retention.ms', '3600000|DYNAMIC_TOPIC_CONFIG', valueAndSource(configs['retention.ms']))
    out.expect('max.message.bytes', '2000000|DYNAMIC_TOPIC_CONFIG', valueAndSource(configs['max.message.bytes']))
    out.expect('segment.bytes', '1073741824|DEFAULT_CONFIG', valueAndSource(configs['segment.bytes']))
    const admin = await ctx.admin()
    out.expect('create.unknown.config', 'INVALID_CONFIG', await outcome(() => admin.createTopics({
      topics: [{ topic: ctx.name('unknown'), numPartitions: 1, configEntries: entries({ 'no.such.config': '1' }) }] })))
    out.expect('create.bad.value', 'INVALID_CONFIG', await outcome(() => admin.createTopics({
      topics: [{ topic: ctx.name('bad'), numPartitions: 1, configEntries: entries({ 'retention.ms': 'soon' }) }] })))
  })

scenario('alter-configs-legacy', 'configs',
  'AlterConfigs (not incremental): sets the given configs and resets every other dynamic one',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1, { 'cleanup.policy': 'compact' })
    const admin = await ctx.admin()
    const alter = (name, configs) => outcome(() => admin.alterConfigs({ validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries: entries(configs) }] }))
    out.expect('alter', null, await alter(topic, { 'retention.ms': '3600000' }))
    let configs = {}
    const deadline = Date.now() + WAIT
    while (Date.now() < deadline) {
      configs = (await describeConfigs(ctx, ConfigResourceTypes.TOPIC, topic)).configs
      if (valueAndSource(configs['retention.ms']) === '3600000|DYNAMIC_TOPIC_CONFIG') break
      await sleep(50)
    }
    out.expect('retention.ms', '3600000|DYNAMIC_TOPIC_CONFIG', valueAndSource(configs['retention.ms']))
    out.expect('cleanup.policy.reset', 'delete|DEFAULT_CONFIG', valueAndSource(configs['cleanup.policy']))
    out.expect('bad.value', 'INVALID_CONFIG', await alter(topic, { 'retention.ms': 'soon' }))
    out.put('unknown.topic', await alter(ctx.name('missing'), { 'retention.ms': '1000' }))
  })

scenario('describe-configs-broker', 'configs',
  'describeConfigs of the broker: values and sources of static and default configs',
  async (ctx, out) => {
    const { error, configs } = await describeConfigs(ctx, ConfigResourceTypes.BROKER, String(ctx.nodeId))
    out.expect('error', null, error)
    for (const key of BROKER_KEYS) {
      const e = configs[key]
      out.put(key, e == null ? null : `${valueAndSource(e)}|read-only=${e.read_only}`)
    }
    out.expect('num.partitions.value', '1|STATIC_BROKER_CONFIG', valueAndSource(configs['num.partitions']))
  })

scenario('describe-configs-unknown-topic', 'configs',
  'describeConfigs of an unknown topic fails with UNKNOWN_TOPIC_OR_PARTITION',
  async (ctx, out) => {
    out.expect('describe', 'UNKNOWN_TOPIC_OR_PARTITION', (await describeConfigs(ctx, ConfigResourceTypes.TOPIC, ctx.name('missing'))).error)
  })

// ------------------------------------------------------------------------------------- produce

for (const acks of ['0', '1', 'all']) {
  scenario(`produce-acks-${acks}`, 'produce',
    `10 records with acks=${acks}: acknowledged offsets, then all 10 read back in order`,
    async (ctx, out) => {
      const topic = await ctx.createTopic('t', 1)
      const producer = await ctx.producer(producerOptions)
      const messages = [...Array(10).keys()].map(i => ({ key: `k${i}`, value: `v${i}` }))
      out.put('acks', acksView(await producer.send({ topic, acks: ACKS[acks], messages })))
      const read = await ctx.readAll(topic, 10)
      out.expect('read.values', messages.map(m => m.value), read.map(r => r.value.toString()))
      out.expect('read.offsets', [...Array(10).keys()], read.map(r => r.offset))
    })
}

scenario('produce-key-partitioning', 'produce',
  'keyed records land on murmur2(key) % partitions (the Java-compatible DefaultPartitioner), the same partition on every send',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 5)
    const producer = await ctx.producer(producerOptions)
    const keys = [...Array(20).keys()].map(i => `key-${i}`)
    for (let round = 0; round < 2; round++) {
      await producer.send({ topic, messages: keys.map(key => ({ key, value: `round${round}` })) })
    }
    const read = await ctx.readAll(topic, 40)
    out.expect('read.count', 40, read.length)
    const byKey = {}
    let stable = true
    for (const r of read) {
      const key = r.key.toString()
      if (byKey[key] !== undefined && byKey[key] !== r.partition) stable = false
      byKey[key] = r.partition
    }
    out.put('partition.of.key', byKey)
    out.check('same.partition.every.send', stable)
  })

for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
  const type = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy,
    lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD }[codec]
  const used = codec === 'none' ? [] : [codec]
  scenario(`produce-compression-${codec}`, 'produce',
    `200 records batched with compression ${codec} are stored ${codec === 'none' ? 'uncompressed' : 'compressed with it'} and read back intact`,
    async (ctx, out) => {
      const topic = await ctx.createTopic('t', 1)
      const producer = await ctx.producer(producerOptions)
      const messages = [...Array(200).keys()].map(i => ({ key: `key-${i}`, value: `value ${i} `.repeat(10) }))
      const beforeSend = codecCallCounts()
      out.expect('acks', [[0, 0, null]], acksView(await producer.send({ topic, compression: type, messages })))
      out.expect('codecs.compressing', used, codecsUsed(beforeSend, 'compress'))
      const beforeRead = codecCallCounts()
      const read = await ctx.readAll(topic, 200)
      out.expect('read.count', 200, read.length)
      out.expect('codecs.decompressing.fetched.batches', used, codecsUsed(beforeRead, 'decompress'))
      out.check('read.intact.in.order', read.length === 200 && read.every((r, i) =>
        r.offset === i && r.value.toString() === messages[i].value && r.key.toString() === messages[i].key))
    }, { notApplicable: codec === 'lz4' || codec === 'zstd' ? codecsMissing : null })
}

scenario('produce-headers', 'produce',
  'record headers (repeated keys, empty values, unicode) round-trip',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [
      { key: 'k', value: 'with-headers', headers: { a: ['1', '2'], empty: '', 'unicode-\u00e9': '\u2713' } },
      { key: 'k', value: 'without-headers' }] })
    const read = await ctx.readAll(topic, 2)
    out.expect('read.count', 2, read.length)
    const seen = []
    for (const [key, value] of Object.entries(read[0] ? read[0].headers : {})) {
      for (const v of [].concat(value)) seen.push(`${key}=${v == null ? 'null' : v.toString()}`)
    }
    out.expect('headers', ['a=1', 'a=2', 'empty=', 'unicode-\u00e9=\u2713'], seen)
    out.expect('no.headers', 0, read[1] ? Object.keys(read[1].headers).length : -1)
  })

scenario('produce-null-key-and-value', 'produce',
  'null keys, null values (tombstones) and empty values round-trip as such',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [
      { key: null, value: 'value-without-key', partition: 0 }, { key: 'key-without-value', value: null, partition: 0 },
      { key: null, value: null, partition: 0 }, { key: '', value: '', partition: 0 }] })
    const read = await ctx.readAll(topic, 4)
    const show = b => b == null ? null : b.toString()
    out.expect('read', [[null, 'value-without-key'], ['key-without-value', null], [null, null], ['', '']],
      read.map(r => [show(r.key), show(r.value)]))
  })

scenario('produce-large-record', 'produce',
  'a 900 KiB record under the default limits is stored and read back whole',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const producer = await ctx.producer(producerOptions)
    const value = 'x'.repeat(900 * 1024)
    out.expect('acks', [[0, 0, null]], acksView(await producer.send({ topic, messages: [{ key: 'big', value }, { key: 'small', value: 'after' }] })))
    const read = await ctx.readAll(topic, 2)
    out.expect('read.count', 2, read.length)
    out.check('read.equal', read.length > 0 && read[0].value.toString() === value)
  })

scenario('produce-record-too-large', 'produce',
  'records over message.max.bytes or the topic\'s max.message.bytes are refused with MESSAGE_TOO_LARGE',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const small = await ctx.createTopic('small', 1, { 'max.message.bytes': '10000' })
    const producer = await ctx.producer({ ...producerOptions, retry: { retries: 0 } })
    out.expect('over.broker.limit', 'MESSAGE_TOO_LARGE', await outcome(() =>
      producer.send({ topic, messages: [{ value: 'x'.repeat(1536 * 1024) }] })))
    out.expect('over.topic.limit', 'MESSAGE_TOO_LARGE', await outcome(() =>
      producer.send({ topic: small, messages: [{ value: 'x'.repeat(20000) }] })))
    out.expect('under.topic.limit', null, await outcome(() => producer.send({ topic: small, messages: [{ value: 'x'.repeat(5000) }] })))
    const offsets = await (await ctx.admin()).fetchTopicOffsets(topic)
    out.expect('end.offset.after', '0', offsets[0].high)
  })

scenario('produce-idempotent', 'produce',
  'an idempotent producer (enable.idempotence) writes 300 records on 3 partitions exactly once',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 3)
    const producer = await ctx.producer({ ...producerOptions, idempotent: true, maxInFlightRequests: 1 })
    const messages = [...Array(300).keys()].map(i => ({ key: `key-${i}`, value: `value-${i}`, partition: i % 3 }))
    for (let i = 0; i < 300; i += 100) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 100) })
    }
    const read = await ctx.readAll(topic, 300)
    out.expect('read.count', 300, read.length)
    out.expect('read.distinct', 300, new Set(read.map(r => r.value.toString())).size)
    const ends = {}
    let contiguous = true
    for (const r of read) {
      if (r.offset !== (ends[r.partition] || 0)) contiguous = false
      ends[r.partition] = r.offset + 1
    }
    out.check('offsets.contiguous.from.0', contiguous)
    out.expect('end.offset.per.partition', { 0: 100, 1: 100, 2: 100 }, ends)
  })

scenario('produce-timestamps', 'produce',
  'CreateTime keeps the producer\'s timestamp; a LogAppendTime topic stamps the broker\'s time',
  async (ctx, out) => {
    const createTime = await ctx.createTopic('create', 1)
    const appendTime = await ctx.createTopic('append', 1, { 'message.timestamp.type': 'LogAppendTime' })
    const past = Date.now() - 3600000
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic: createTime, messages: [{ key: 'k', value: 'v', timestamp: String(past) }] })
    const before = Date.now()
    const appended = await producer.send({ topic: appendTime, messages: [{ key: 'k', value: 'v', timestamp: String(past) }] })
    const after = Date.now()
    const c = await ctx.readAll(createTime, 1)
    out.check('create.time.read.is.producer.time', c.length === 1 && c[0].timestamp === past)
    const logAppendTime = Number(appended[0].logAppendTime)
    out.check('append.time.acked.is.broker.time', logAppendTime >= before - 1000 && logAppendTime <= after + 1000)
    const a = await ctx.readAll(appendTime, 1)
    out.check('append.time.read.is.broker.time', a.length === 1 && a[0].timestamp >= before - 1000 && a[0].timestamp <= after + 1000)
  })

// ------------------------------------------------------------------------------------- consume

scenario('consume-from-beginning', 'consume',
  'a new group with fromBeginning reads both partitions from offset 0, in order',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 2)
    const producer = await ctx.producer(producerOptions)
    const messages = []
    for (let p = 0; p < 2; p++) for (let i = 0; i < 10; i++) messages.push({ key: 'k', value: `p${p}-v${i}`, partition: p })
    await producer.send({ topic, messages })
    const read = await ctx.readAll(topic, 20)
    out.expect('read.count', 20, read.length)
    for (let p = 0; p < 2; p++) {
      out.expect(`partition.${p}`, [...Array(10).keys()].map(i => `${i}:p${p}-v${i}`),
        read.filter(r => r.partition === p).map(r => `${r.offset}:${r.value.toString()}`))
    }
  })

/** The first record a fresh group member gets after seeking its only partition to `offset`. */
async function firstAfterSeek (ctx, topic, offset) {
  const consumer = ctx.consumer({ groupId: ctx.name(`seek-${offset}`) })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  const read = []
  await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => { read.push(`${message.offset}:${message.value}`) } })
  consumer.seek({ topic, partition: 0, offset: String(offset) })
  const deadline = Date.now() + WAIT
  while (read.length === 0 && Date.now() < deadline) await sleep(20)
  await consumer.disconnect()
  return read.length ? read[0] : 'nothing'
}

scenario('consume-seek-to-offset', 'consume',
  'seek to an offset, to the last one, and past the end (reset to the beginning)',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [...Array(10).keys()].map(i => ({ key: 'k', value: `v${i}` })) })
    out.expect('seek.5.first', '5:v5', await firstAfterSeek(ctx, topic, 5))
    out.expect('seek.9.first', '9:v9', await firstAfterSeek(ctx, topic, 9))
    out.expect('seek.past.end.reset.earliest.first', '0:v0', await firstAfterSeek(ctx, topic, 50))
  }, { timeout: 90000 })

scenario('consume-offsets-for-times', 'consume',
  'offsets by timestamp find the first record at or after it; after the last: the end offset (KafkaJS\'s rule)',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const base = Date.now() - 3600000
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [...Array(5).keys()].map(i => ({ key: 'k', value: `v${i}`, timestamp: String(base + i * 1000) })) })
    const admin = await ctx.admin()
    const lookups = { 'before.first': base - 1000, 'at.first': base, 'between.1.and.2': base + 1500, 'at.last': base + 4000, 'after.last': base + 5000 }
    const found = {}
    for (const [label, ts] of Object.entries(lookups)) {
      found[label] = (await admin.fetchTopicOffsetsByTimestamp(topic, ts))[0].offset
    }
    out.expect('found', { 'before.first': '0', 'at.first': '0', 'between.1.and.2': '2', 'at.last': '4', 'after.last': '5' }, found)
  })

scenario('consume-beginning-end-offsets', 'consume',
  'low and high watermarks of an empty partition, after produce and after deleteRecords',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const admin = await ctx.admin()
    const range = async () => { const o = (await admin.fetchTopicOffsets(topic))[0]; return `${o.low}..${o.high}` }
    out.expect('empty', '0..0', await range())
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [...Array(7).keys()].map(i => ({ key: 'k', value: `v${i}` })) })
    out.expect('after.7.records', '0..7', await range())
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] })
    out.expect('after.delete.records.3', '3..7', await range())
  })

scenario('consume-long-poll', 'consume',
  'a fetch parked on an empty partition (maxWaitTimeInMs 10 s) returns as soon as a record arrives',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const m = await member(ctx, ctx.name('g'), [topic], { maxWaitTimeInMs: 10000 })
    await until('an assignment', () => m.assignment.length === 1)
    // the member's first fetch (it needs the assignment) finds nothing and parks on the broker
    await until('a fetch', () => m.fetches >= 1)
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [{ key: 'k', value: 'wake-up' }] })
    const elapsed = await until('the record', () => m.received.length === 1, 15000)
    out.expect('records', 1, m.received.length)
    out.check('returned.before.max.wait', elapsed < 5000)
  })

scenario('consume-fetch-min-bytes-wait', 'consume',
  'with minBytes unmet the broker holds the fetch for maxWaitTimeInMs, then returns the data',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    await (await ctx.producer(producerOptions)).send({ topic, messages: [{ key: 'k', value: 'small' }] })
    const m = await member(ctx, ctx.name('g'), [topic], { minBytes: 1000000, maxWaitTimeInMs: 1500 })
    await until('an assignment', () => m.assignment.length === 1)
    // from the assignment: the member's first fetch is the one held by the broker
    const waited = await until('the record', () => m.received.length === 1, 15000)
    out.expect('records', 1, m.received.length)
    out.check('held.for.max.wait', waited >= 1200)
    out.check('returned.after.max.wait', waited < 10000)
  })

scenario('consume-auto-offset-reset', 'consume',
  'a group without commits starts at the earliest (fromBeginning) or the latest offset; KafkaJS has no "none"',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [...Array(5).keys()].map(i => ({ key: 'k', value: `v${i}` })) })
    const admin = await ctx.admin()
    const earliestGroup = ctx.name('earliest')
    out.expect('committed.without.commits', ['-1'],
      (await admin.fetchOffsets({ groupId: earliestGroup, topics: [topic] }))[0].partitions.map(p => p.offset))
    const earliest = await member(ctx, earliestGroup, [topic])
    await until('5 records from the earliest offset', () => earliest.received.length >= 5)
    out.expect('earliest.first', '0:v0', `${earliest.received[0].offset}:${earliest.received[0].value}`)
    const latest = await member(ctx, ctx.name('latest'), [topic], {}, false)
    await until('an assignment', () => latest.assignment.length === 1)
    // once a fetch has completed, the member's position is resolved (to the end, 5)
    await until('a completed fetch', () => latest.fetched >= 1)
    await producer.send({ topic, messages: [{ key: 'k', value: 'v5' }] })
    await until('the record produced after the member started', () => latest.received.length >= 1)
    out.expect('latest.read', ['5:v5'], latest.received.map(r => `${r.offset}:${r.value}`))
  })

// -------------------------------------------------------------------------------------- groups

/**
 * A group member that records its joins and every record it is handed. With `rejoinAfterFatalCrash`
 * it does what a KafkaJS application has to: KafkaJS 2.2.4 does not restart a consumer whose crash
 * it deems non-retriable, and a broker's graceful shutdown produces one (FindCoordinator answers
 * COORDINATOR_NOT_AVAILABLE while the coordinator resigns, KafkaJS retries, the listener closes, and the
 * connection error ends the lookup as KafkaJSGroupCoordinatorNotFound; tulios/kafkajs#1445, #1630),
 * so the member starts a new consumer in the same group.
 */
async function member (ctx, groupId, topics, { rejoinAfterFatalCrash = false, ...options } = {}, fromBeginning = true) {
  const state = { consumer: null, joins: [], assignment: [], received: [], fetches: 0, fetched: 0, fatalCrashes: 0 }
  const start = async () => {
    const consumer = ctx.consumer({ groupId, ...options })
    state.consumer = consumer
    consumer.on(consumer.events.FETCH_START, () => { state.fetches++ })
    consumer.on(consumer.events.FETCH, () => { state.fetched++ })
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      state.assignment = Object.values(payload.memberAssignment || {}).flat().sort()
      state.joins.push({ memberId: payload.memberId, protocol: payload.groupProtocol, partitions: state.assignment.length,
        assignment: payload.memberAssignment || {} })
    })
    if (rejoinAfterFatalCrash) {
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return
        state.fatalCrashes++
        console.error(`member of ${groupId}: KafkaJS will not restart after ${payload.error.name}; starting a new consumer`)
        startPatiently(5)
      })
    }
    await consumer.connect()
    await consumer.subscribe({ topics, fromBeginning })
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => {
      state.received.push({ partition, offset: Number(message.offset), value: message.value.toString() })
    } })
  }
  const startPatiently = attempts => start().catch(e => {
    console.error(`member of ${groupId}: a new consumer failed to start (${errorName(e)})`)
    if (attempts > 1) setTimeout(() => startPatiently(attempts - 1), 1000)
  })
  await start()
  return state
}

async function produceToPartitions (ctx, topic, partitions, perPartition) {
  const producer = await ctx.producer(producerOptions)
  const messages = []
  for (let p = 0; p < partitions; p++) for (let i = 0; i < perPartition; i++) messages.push({ key: 'k', value: `p${p}-v${i}`, partition: p })
  await producer.send({ topic, messages })
}

scenario('group-join-single', 'groups',
  'one member joins: all partitions, every record, the group Stable',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 3)
    await produceToPartitions(ctx, topic, 3, 2)
    const group = ctx.name('g')
    const m = await member(ctx, group, [topic])
    await until('3 partitions and 6 records', () => m.assignment.length === 3 && m.received.length >= 6)
    out.expect('assignment', [0, 1, 2], m.assignment)
    out.expect('joins', 1, m.joins.length)
    out.expect('records', 6, m.received.length)
    const { groups } = await (await ctx.admin()).describeGroups([group])
    out.expect('describe.state', 'Stable', groups[0].state)
    out.expect('describe.members', 1, groups[0].members.length)
    out.put('describe.protocol', groups[0].protocol)
  })

scenario('group-rebalance-on-join', 'groups',
  'a second member joins: 2 + 2 partitions between the two members',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 4)
    const group = ctx.name('g')
    const c1 = await member(ctx, group, [topic])
    await until('c1 with 4 partitions', () => c1.assignment.length === 4)
    const c2 = await member(ctx, group, [topic])
    await until('2 + 2 partitions', () => c1.assignment.length === 2 && c2.assignment.length === 2)
    out.expect('union', [0, 1, 2, 3], c1.assignment.concat(c2.assignment).sort())
    // the first and the last join: how many rounds it takes depends on timing
    out.expect('c1.joins', [4, 2], [c1.joins[0].partitions, c1.joins[c1.joins.length - 1].partitions])
    out.expect('c2.last.join', 2, c2.joins[c2.joins.length - 1].partitions)
    const { groups } = await (await ctx.admin()).describeGroups([group])
    out.expect('describe.members', 2, groups[0].members.length)
  })

scenario('group-commit-and-resume', 'groups',
  'commit offset 5 of 10 with metadata, leave, and a new member resumes at the committed offset',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    await produceToPartitions(ctx, topic, 1, 10)
    const group = ctx.name('g')
    const first = await member(ctx, group, [topic])
    await until('10 records', () => first.received.length >= 10)
    await first.consumer.commitOffsets([{ topic, partition: 0, offset: '5', metadata: 'after-five' }])
    const admin = await ctx.admin()
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] })
    out.expect('committed', [{ partition: 0, offset: '5', metadata: 'after-five' }], committed[0].partitions)
    await first.consumer.disconnect()
    const second = await member(ctx, group, [topic])
    await until('the other 5 records', () => second.received.length >= 5)
    out.expect('resumed.values', [5, 6, 7, 8, 9].map(i => `${i}:p0-v${i}`), second.received.slice(0, 5).map(r => `${r.offset}:${r.value}`))
  })

scenario('group-rebalance-on-leave', 'groups',
  'a member leaves (LeaveGroup): the other gets all partitions well before the session timeout',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 4)
    const group = ctx.name('g')
    const c1 = await member(ctx, group, [topic])
    await until('c1 with 4 partitions', () => c1.assignment.length === 4)
    const c2 = await member(ctx, group, [topic])
    await until('2 + 2 partitions', () => c1.assignment.length === 2 && c2.assignment.length === 2)
    await c2.consumer.disconnect()
    const elapsed = await until('c1 with 4 partitions after c2 left', () => c1.assignment.length === 4)
    out.check('rebalanced.before.session.timeout', elapsed < 5000)
    const { groups } = await (await ctx.admin()).describeGroups([group])
    out.expect('describe.members', 1, groups[0].members.length)
  })

// A second member in a child process of its own, so that it can crash (SIGKILL): a KafkaJS
// consumer always sends LeaveGroup when it disconnects.
const CRASHING_MEMBER = `
const { Kafka, logLevel } = require('kafkajs')
const [bootstrap, groupId, topic] = process.argv.slice(1)
const consumer = new Kafka({ clientId: 'crashing-member', brokers: [bootstrap], logLevel: logLevel.NOTHING })
  .consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 10000, maxWaitTimeInMs: 500 })
consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
  console.log(Object.values(payload.memberAssignment || {}).flat().length)
})
consumer.connect().then(() => consumer.subscribe({ topics: [topic], fromBeginning: true }))
  .then(() => consumer.run({ autoCommit: false, eachMessage: async () => {} }))
`

scenario('group-rebalance-on-crash', 'groups',
  'a member (in a child process) is killed with SIGKILL: after its session expires the other gets all partitions',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 4)
    const group = ctx.name('g')
    const c1 = await member(ctx, group, [topic])
    await until('c1 with 4 partitions', () => c1.assignment.length === 4)
    const child = require('child_process').spawn(process.execPath, ['-e', CRASHING_MEMBER, ctx.bootstrap, group, topic],
      { cwd: __dirname, stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      const reported = []
      require('readline').createInterface({ input: child.stdout }).on('line', line => reported.push(Number(line)))
      await until('2 + 2 partitions', () => c1.assignment.length === 2 && reported[reported.length - 1] === 2)
      const exited = new Promise(resolve => child.on('exit', resolve))
      child.kill('SIGKILL')
      await exited
      const start = Date.now()
      const admin = await ctx.admin()
      out.expect('members.right.after.crash', 2, (await admin.describeGroups([group])).groups[0].members.length)
      await until('c1 with 4 partitions after c2\'s session expired', () => c1.assignment.length === 4, 30000)
      const elapsed = Date.now() - start
      out.check('waited.for.session.expiry', elapsed >= 4000)
      out.check('rebalanced.after.session.expiry', elapsed < 16000)
      out.expect('describe.members', 1, (await admin.describeGroups([group])).groups[0].members.length)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  })

scenario('group-round-robin-assignor', 'groups',
  'round-robin assignor (KafkaJS\'s default) over two topics x 3 partitions with members a and b',
  async (ctx, out) => {
    const t1 = await ctx.createTopic('t1', 3)
    const t2 = await ctx.createTopic('t2', 3)
    const group = ctx.name('g')
    // member ids begin with the client id, and the assignor orders members by id: a before b
    const a = await member(ctx, group, [t1, t2], { clientId: 'a' })
    await until('a with 6 partitions', () => a.assignment.length === 6)
    const b = await member(ctx, group, [t1, t2], { clientId: 'b' })
    await until('6 partitions between a and b', () => b.assignment.length > 0 && a.assignment.length + b.assignment.length === 6)
    const view = m => Object.entries(m.joins[m.joins.length - 1].assignment)
      .flatMap(([t, ps]) => ps.map(p => `${t === t1 ? 't1' : 't2'}-${p}`)).sort()
    out.expect('assignments', [['t1-0', 't1-2', 't2-1'], ['t1-1', 't2-0', 't2-2']], [view(a), view(b)])
    const { groups } = await (await ctx.admin()).describeGroups([group])
    out.expect('describe.protocol', 'RoundRobinAssigner', groups[0].protocol)
  })

/** Scenarios KafkaJS cannot express: [area, why]. */
const KAFKAJS_LACKS = {
  'client-broker-version-guess': ['cluster', 'KafkaJS asks ApiVersions and never guesses a broker version'],
  'create-topic-broker-defaults': ['topics', 'KafkaJS speaks CreateTopics up to v3; default partitions and replication factor (-1, KIP-464) need v4'],
  'alter-configs-incremental': ['configs', 'KafkaJS has no IncrementalAlterConfigs API'],
  'produce-idempotent-default': ['produce', 'a KafkaJS producer is not idempotent unless asked (idempotent: true, as produce-idempotent does)'],
  'list-offsets-admin': ['consume', 'KafkaJS\'s admin offsets are earliest and latest only (no max timestamp)'],
  'describe-log-dirs': ['logs', 'KafkaJS has no DescribeLogDirs API'],
  'admin-delete-consumer-group-offsets': ['group-admin', 'KafkaJS has no OffsetDelete API'],
  'admin-list-groups': ['group-admin', 'KafkaJS\'s listGroups has no group types (ListGroups v5, KIP-1043): admin-list-consumer-groups covers what it has'],
  'group-range-assignor': ['groups', 'KafkaJS ships only the round-robin assignor'],
  'group-static-membership': ['groups', 'KafkaJS has no group.instance.id (static membership)'],
  'group-cooperative-sticky': ['groups', 'KafkaJS has no cooperative rebalancing']
}
for (const [name, [area, reason]] of Object.entries(KAFKAJS_LACKS)) {
  scenario(name, area, reason, async () => {}, { notApplicable: reason })
}

// --------------------------------------------------------------------------------- group admin

scenario('admin-list-consumer-groups', 'group-admin',
  'listGroups: a member\'s group and a group with only committed offsets (setOffsets), with their protocol types',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 2)
    const active = ctx.name('active')
    const simple = ctx.name('simple')
    const m = await member(ctx, active, [topic])
    await until('an assignment', () => m.assignment.length === 2)
    const admin = await ctx.admin()
    await admin.setOffsets({ groupId: simple, topic, partitions: [{ partition: 0, offset: '0' }] })
    const { groups } = await admin.listGroups()
    const types = {}
    for (const g of groups) if (g.groupId === active || g.groupId === simple) types[g.groupId === active ? 'active' : 'simple'] = g.protocolType
    // KafkaJS's setOffsets commits through a consumer that joins the group, so the group it
    // leaves behind has the consumer protocol type (what each broker reports is compared)
    out.put('types', types)
    out.expect('listed', ['active', 'simple'], Object.keys(types).sort())
  })

scenario('admin-describe-consumer-groups', 'group-admin',
  'describe a stable group (state, protocol, member, assignment), then the emptied group',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 2)
    const group = ctx.name('g')
    const m = await member(ctx, group, [topic])
    await until('an assignment', () => m.assignment.length === 2)
    const admin = await ctx.admin()
    const stable = (await admin.describeGroups([group])).groups[0]
    out.expect('error', 0, stable.errorCode)
    out.expect('state', 'Stable', stable.state)
    out.expect('protocol.type', 'consumer', stable.protocolType)
    out.put('protocol', stable.protocol)
    out.expect('members', 1, stable.members.length)
    out.expect('member.host', '/127.0.0.1', stable.members[0] && stable.members[0].clientHost)
    await m.consumer.disconnect()
    const empty = (await admin.describeGroups([group])).groups[0]
    out.expect('after.leave', ['Empty', 0, ''], [empty.state, empty.members.length, empty.protocol])
  })

scenario('admin-list-consumer-group-offsets', 'group-admin',
  'fetchOffsets: committed offsets and metadata of a group, and of an unknown group',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 3)
    await produceToPartitions(ctx, topic, 3, 4)
    const group = ctx.name('g')
    const admin = await ctx.admin()
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '1' }] })
    const offsets = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0].partitions
    out.expect('all', [['0', '3'], ['1', '1'], ['2', '-1']], offsets.sort((a, b) => a.partition - b.partition).map(p => [String(p.partition), p.offset]))
    const unknown = (await admin.fetchOffsets({ groupId: ctx.name('unknown'), topics: [topic] }))[0].partitions
    out.expect('unknown.group', ['-1', '-1', '-1'], unknown.map(p => p.offset))
  })

scenario('admin-alter-consumer-group-offsets', 'group-admin',
  'setOffsets on an empty group moves where members start; KafkaJS refuses it while members are active',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 2)
    await produceToPartitions(ctx, topic, 2, 5)
    const group = ctx.name('g')
    const admin = await ctx.admin()
    out.expect('set.new.group', null, await outcome(() => admin.setOffsets({ groupId: group, topic,
      partitions: [{ partition: 0, offset: '3' }, { partition: 1, offset: '1' }] })))
    const m = await member(ctx, group, [topic])
    await until('the 6 records after the set offsets', () => m.received.length >= 6)
    out.expect('first.offsets.read', ['0@3', '1@1'], [0, 1].map(p => `${p}@${(m.received.find(r => r.partition === p) || {}).offset}`))
    out.put('set.while.active', await outcome(() => admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] })))
    await m.consumer.disconnect()
    out.expect('set.after.leave', null, await outcome(() => admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '0' }] })))
  })

scenario('admin-delete-consumer-groups', 'group-admin',
  'delete an empty group; a group with a member or an unknown group is refused',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const empty = ctx.name('empty')
    const active = ctx.name('active')
    const admin = await ctx.admin()
    await admin.setOffsets({ groupId: empty, topic, partitions: [{ partition: 0, offset: '0' }] })
    const m = await member(ctx, active, [topic])
    await until('an assignment', () => m.assignment.length === 1)
    out.expect('delete.empty', null, await outcome(() => admin.deleteGroups([empty])))
    out.check('deleted.not.listed', !(await admin.listGroups()).groups.some(g => g.groupId === empty))
    out.expect('delete.active', 'NON_EMPTY_GROUP', await outcome(() => admin.deleteGroups([active])))
    out.expect('delete.unknown', 'GROUP_ID_NOT_FOUND', await outcome(() => admin.deleteGroups([ctx.name('unknown')])))
  })

// ---------------------------------------------------------------------------------------- logs

scenario('delete-records', 'logs',
  'deleteTopicRecords moves the log start offset; readers start there',
  async (ctx, out) => {
    const topic = await ctx.createTopic('t', 1)
    const producer = await ctx.producer(producerOptions)
    await producer.send({ topic, messages: [...Array(10).keys()].map(i => ({ key: 'k', value: `v${i}` })) })
    const admin = await ctx.admin()
    out.expect('delete', null, await outcome(() => admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '4' }] })))
    out.expect('low.watermark', '4', (await admin.fetchTopicOffsets(topic))[0].low)
    const read = await ctx.readAll(topic, 6)
    out.expect('read', [4, 5, 6, 7, 8, 9].map(i => `${i}:v${i}`), read.map(r => `${r.offset}:${r.value.toString()}`))
    out.put('beyond.high.watermark', await outcome(() => admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '20' }] })))
  })

// ------------------------------------------------------------------------------------- restart

/**
 * An idempotent producer (acks=all, one request in flight: KafkaJS's requirement) writes three
 * phases of 500 records while a group member reads them; the broker goes down between the second
 * phase's send and its acknowledgement, so its batches are in flight. Nothing may be lost or
 * written twice, and the member must see every record.
 */
function restartDuring (actions) {
  return async (ctx, out) => {
    const perPhase = 500
    const topic = await ctx.createTopic('t', 3)
    // retries long enough for a broker that takes seconds to come back (Kafka: 5-10 s)
    // (the client's own retries cover reconnecting; the producer's and consumer's cover requests)
    const retry = { retries: 30, initialRetryTime: 300, maxRetryTime: 2000 }
    const kafka = ctx.client(`compat-kafkajs-${ctx.scenario}`, retry)
    const producer = await ctx.producerOf(kafka, { ...producerOptions, idempotent: true, maxInFlightRequests: 1, retry })
    const m = await member(ctx, ctx.name('g'), [topic], { kafka, retry, rejoinAfterFatalCrash: true })
    const phase = from => [...Array(perPhase).keys()].map(i => ({ key: `k${from + i}`, value: String(from + i), partition: (from + i) % 3 }))
    let failed = 0
    const send = from => producer.send({ topic, acks: -1, messages: phase(from) }).catch(e => {
      failed += perPhase
      console.error('send failed', e)
    })
    await send(0)
    await until('the first phase in the group member', () => m.received.length >= perPhase)
    const inFlight = send(perPhase)
    for (const action of actions) await ctx.control(action)
    await inFlight
    await send(2 * perPhase)
    out.expect('sends.failed', 0, failed)
    const total = 3 * perPhase
    await until(`every record in the group member (joins ${m.joins.length}, restarts after a fatal crash ${m.fatalCrashes})`,
      () => new Set(m.received.map(r => r.value)).size >= total, 60000)
    out.expect('group.consumer.distinct', total, new Set(m.received.map(r => r.value)).size)
    const log = await ctx.readAll(topic, total, 30000)
    out.expect('log.records', total, log.length)
    out.expect('log.distinct', total, new Set(log.map(r => r.value.toString())).size)
    const last = {}
    let ordered = true
    for (const r of log) {
      const value = Number(r.value.toString())
      if (value <= (last[r.partition] === undefined ? -1 : last[r.partition])) ordered = false
      last[r.partition] = value
    }
    out.check('log.in.send.order.per.partition', ordered)
  }
}

scenario('broker-restart-idempotent-produce', 'restart',
  'graceful broker restart between in-flight idempotent sends, a group member reading: nothing lost or duplicated',
  restartDuring(['restart']), { timeout: 150000 })
scenario('broker-kill-idempotent-produce', 'restart',
  'SIGKILL and restart between in-flight idempotent sends, a group member reading: nothing acknowledged lost or duplicated',
  restartDuring(['kill', 'start']), { timeout: 150000 })

start()
