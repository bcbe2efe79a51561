'use strict'
/**
 * The protocol side of the KafkaJS scenarios (scenarios.js) for Samsa's compatibility suite
 * (compat-tests, ChildProtocol.java): argument parsing, --list, one result line per scenario,
 * broker controls, observations and the per-scenario context.
 *
 * Protocol lines go to stdout, each "##compat## " and one JSON object; console output and
 * KafkaJS's log go to stderr (the batch's log).
 */
const readline = require('readline')
const { Kafka, logLevel } = require('kafkajs')

const MARKER = '##compat## '
const WAIT = 20000
const protocolWrite = process.stdout.write.bind(process.stdout)
console.log = console.error
console.info = console.error

const KAFKA_ERRORS = {
  '-1': 'UNKNOWN_SERVER_ERROR', '0': 'NONE', '1': 'OFFSET_OUT_OF_RANGE', '2': 'CORRUPT_MESSAGE',
  '3': 'UNKNOWN_TOPIC_OR_PARTITION', '4': 'INVALID_FETCH_SIZE', '5': 'LEADER_NOT_AVAILABLE',
  '6': 'NOT_LEADER_OR_FOLLOWER', '7': 'REQUEST_TIMED_OUT', '8': 'BROKER_NOT_AVAILABLE',
  '9': 'REPLICA_NOT_AVAILABLE', '10': 'MESSAGE_TOO_LARGE', '11': 'STALE_CONTROLLER_EPOCH',
  '12': 'OFFSET_METADATA_TOO_LARGE', '13': 'NETWORK_EXCEPTION', '14': 'COORDINATOR_LOAD_IN_PROGRESS',
  '15': 'COORDINATOR_NOT_AVAILABLE', '16': 'NOT_COORDINATOR', '17': 'INVALID_TOPIC_EXCEPTION',
  '18': 'RECORD_LIST_TOO_LARGE', '19': 'NOT_ENOUGH_REPLICAS', '20': 'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  '21': 'INVALID_REQUIRED_ACKS', '22': 'ILLEGAL_GENERATION', '23': 'INCONSISTENT_GROUP_PROTOCOL',
  '24': 'INVALID_GROUP_ID', '25': 'UNKNOWN_MEMBER_ID', '26': 'INVALID_SESSION_TIMEOUT',
  '27': 'REBALANCE_IN_PROGRESS', '28': 'INVALID_COMMIT_OFFSET_SIZE', '29': 'TOPIC_AUTHORIZATION_FAILED',
  '30': 'GROUP_AUTHORIZATION_FAILED', '31': 'CLUSTER_AUTHORIZATION_FAILED', '32': 'INVALID_TIMESTAMP',
  '33': 'UNSUPPORTED_SASL_MECHANISM', '34': 'ILLEGAL_SASL_STATE', '35': 'UNSUPPORTED_VERSION',
  '36': 'TOPIC_ALREADY_EXISTS', '37': 'INVALID_PARTITIONS', '38': 'INVALID_REPLICATION_FACTOR',
  '39': 'INVALID_REPLICA_ASSIGNMENT', '40': 'INVALID_CONFIG', '41': 'NOT_CONTROLLER',
  '42': 'INVALID_REQUEST', '43': 'UNSUPPORTED_FOR_MESSAGE_FORMAT', '44': 'POLICY_VIOLATION',
  '45': 'OUT_OF_ORDER_SEQUENCE_NUMBER', '46': 'DUPLICATE_SEQUENCE_NUMBER', '47': 'INVALID_PRODUCER_EPOCH',
  '48': 'INVALID_TXN_STATE', '49': 'INVALID_PRODUCER_ID_MAPPING', '50': 'INVALID_TRANSACTION_TIMEOUT',
  '51': 'CONCURRENT_TRANSACTIONS', '52': 'TRANSACTION_COORDINATOR_FENCED',
  '53': 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', '54': 'SECURITY_DISABLED',
  '55': 'OPERATION_NOT_ATTEMPTED', '56': 'KAFKA_STORAGE_ERROR', '57': 'LOG_DIR_NOT_FOUND',
  '58': 'SASL_AUTHENTICATION_FAILED', '59': 'UNKNOWN_PRODUCER_ID', '60': 'REASSIGNMENT_IN_PROGRESS',
  '61': 'DELEGATION_TOKEN_AUTH_DISABLED', '62': 'DELEGATION_TOKEN_NOT_FOUND',
  '63': 'DELEGATION_TOKEN_OWNER_MISMATCH', '64': 'DELEGATION_TOKEN_REQUEST_NOT_ALLOWED',
  '65': 'DELEGATION_TOKEN_AUTHORIZATION_FAILED', '66': 'DELEGATION_TOKEN_EXPIRED',
  '67': 'INVALID_PRINCIPAL_TYPE', '68': 'NON_EMPTY_GROUP', '69': 'GROUP_ID_NOT_FOUND',
  '70': 'FETCH_SESSION_ID_NOT_FOUND', '71': 'INVALID_FETCH_SESSION_EPOCH', '72': 'LISTENER_NOT_FOUND',
  '73': 'TOPIC_DELETION_DISABLED', '74': 'FENCED_LEADER_EPOCH', '75': 'UNKNOWN_LEADER_EPOCH',
  '76': 'UNSUPPORTED_COMPRESSION_TYPE', '77': 'STALE_BROKER_EPOCH', '78': 'OFFSET_NOT_AVAILABLE',
  '79': 'MEMBER_ID_REQUIRED', '80': 'PREFERRED_LEADER_NOT_AVAILABLE', '81': 'GROUP_MAX_SIZE_REACHED',
  '82': 'FENCED_INSTANCE_ID', '83': 'ELIGIBLE_LEADERS_NOT_AVAILABLE', '84': 'ELECTION_NOT_NEEDED',
  '85': 'NO_REASSIGNMENT_IN_PROGRESS', '86': 'GROUP_SUBSCRIBED_TO_TOPIC', '87': 'INVALID_RECORD',
  '88': 'UNSTABLE_OFFSET_COMMIT', '89': 'THROTTLING_QUOTA_EXCEEDED', '90': 'PRODUCER_FENCED',
  '91': 'RESOURCE_NOT_FOUND', '92': 'DUPLICATE_RESOURCE', '93': 'UNACCEPTABLE_CREDENTIAL',
  '94': 'INCONSISTENT_VOTER_SET', '95': 'INVALID_UPDATE_VERSION', '96': 'FEATURE_UPDATE_FAILED',
  '97': 'PRINCIPAL_DESERIALIZATION_FAILURE', '98': 'SNAPSHOT_NOT_FOUND', '99': 'POSITION_OUT_OF_RANGE',
  '100': 'UNKNOWN_TOPIC_ID', '101': 'DUPLICATE_BROKER_REGISTRATION', '102': 'BROKER_ID_NOT_REGISTERED',
  '103': 'INCONSISTENT_TOPIC_ID', '104': 'INCONSISTENT_CLUSTER_ID', '105': 'TRANSACTIONAL_ID_NOT_FOUND',
  '106': 'FETCH_SESSION_TOPIC_ID_ERROR', '107': 'INELIGIBLE_REPLICA', '108': 'NEW_LEADER_ELECTED',
  '109': 'OFFSET_MOVED_TO_TIERED_STORAGE', '110': 'FENCED_MEMBER_EPOCH', '111': 'UNRELEASED_INSTANCE_ID',
  '112': 'UNSUPPORTED_ASSIGNOR', '113': 'STALE_MEMBER_EPOCH', '114': 'MISMATCHED_ENDPOINT_TYPE',
  '115': 'UNSUPPORTED_ENDPOINT_TYPE', '116': 'UNKNOWN_CONTROLLER_ID', '117': 'UNKNOWN_SUBSCRIPTION_ID',
  '118': 'TELEMETRY_TOO_LARGE', '119': 'INVALID_REGISTRATION', '120': 'TRANSACTION_ABORTABLE',
  '121': 'INVALID_RECORD_STATE', '122': 'SHARE_SESSION_NOT_FOUND', '123': 'INVALID_SHARE_SESSION_EPOCH',
  '124': 'FENCED_STATE_EPOCH', '125': 'INVALID_VOTER_KEY', '126': 'DUPLICATE_VOTER',
  '127': 'VOTER_NOT_FOUND', '128': 'INVALID_REGULAR_EXPRESSION', '129': 'REBOOTSTRAP_REQUIRED',
  '130': 'STREAMS_INVALID_TOPOLOGY', '131': 'STREAMS_INVALID_TOPOLOGY_EPOCH',
  '132': 'STREAMS_TOPOLOGY_FENCED', '133': 'SHARE_SESSION_LIMIT_REACHED', '134': 'GROUP_DELETION_FAILED',
  '135': 'STREAMS_TOPOLOGY_DESCRIPTION_UPDATE_FAILED', '136': 'CONTROLLER_ID_NOT_REGISTERED',
}

function kafkaError (code) {
  return KAFKA_ERRORS[String(code)] || `code:${code}`
}

/** A library error as Kafka's protocol error name, or local:<Name> when KafkaJS failed on its own. */
function errorName (e) {
  if (e == null) return null
  if (e.errors && Array.isArray(e.errors) && e.errors.length > 0) return errorName(e.errors[0])
  if (e.groups && Array.isArray(e.groups)) {
    const failed = e.groups.find(g => g.error)
    if (failed) return errorName(failed.error)
  }
  if (typeof e.code === 'number') return kafkaError(e.code)
  if (e.cause) return errorName(e.cause)
  return `local:${e.name || 'Error'}`
}

async function outcome (fn) {
  try {
    await fn()
    return null
  } catch (e) {
    return errorName(e)
  }
}

function emit (message) {
  protocolWrite(MARKER + JSON.stringify(message) + '\n')
}

class Fail extends Error {}
class NotApplicable extends Error {}

function canonical (value) {
  if (value === undefined) return null
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  if (value instanceof Set) return [...value].map(canonical).sort()
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    const result = {}
    for (const key of Object.keys(value).sort()) result[key] = canonical(value[key])
    return result
  }
  return value
}

class Observations {
  constructor () {
    this.fields = {}
    this.failures = []
  }

  put (field, value) {
    if (Object.prototype.hasOwnProperty.call(this.fields, field)) throw new Error(`field recorded twice: ${field}`)
    this.fields[field] = canonical(value)
  }

  expect (field, expected, actual) {
    this.put(field, actual)
    const want = JSON.stringify(canonical(expected))
    const got = JSON.stringify(this.fields[field])
    if (want !== got) this.failures.push(`${field}: expected ${want} but was ${got}`)
  }

  check (field, holds) {
    this.expect(field, true, Boolean(holds))
  }

  fail (message) {
    this.failures.push(message)
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

function logCreator () {
  return ({ namespace, level, log }) => {
    process.stderr.write(`${new Date().toISOString()} ${level} ${namespace} ${log.message} ${JSON.stringify(log)}\n`)
  }
}

/** What a scenario works with; every client it opens is disconnected when it ends. */
class Context {
  constructor (scenario, args, control) {
    this.scenario = scenario
    this.bootstrap = args.bootstrap
    this.tag = args.tag
    this.nodeId = Number(args['node-id'])
    this.control = control
    this.kafka = new Kafka({
      clientId: `compat-kafkajs-${scenario}`,
      brokers: [args.bootstrap],
      logLevel: logLevel.WARN,
      logCreator,
      connectionTimeout: 3000,
      requestTimeout: 15000,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 }
    })
    this.resources = []
    this._admin = null
    this.args = args
  }

  /** A client of its own; `retry` (its connections' and requests' retries) defaults to the context's. */
  client (clientId, retry = { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 }) {
    return new Kafka({ clientId, brokers: [this.bootstrap], logLevel: logLevel.WARN, logCreator, connectionTimeout: 3000,
      requestTimeout: 15000, retry })
  }

  /** A connected producer of `kafka` (another client than the context's), disconnected at the end. */
  async producerOf (kafka, options = {}) {
    const producer = kafka.producer(options)
    await producer.connect()
    this.resources.push(producer)
    return producer
  }

  name (suffix) {
    return `${this.scenario}-${suffix}-${this.tag}`
  }

  async admin () {
    if (this._admin == null) {
      this._admin = this.kafka.admin()
      await this._admin.connect()
      this.resources.push(this._admin)
    }
    return this._admin
  }

  async producer (options = {}) {
    const producer = this.kafka.producer(options)
    await producer.connect()
    this.resources.push(producer)
    return producer
  }

  /** A consumer; options.kafka makes it with that client, options.clientId with a client of that id. */
  consumer ({ kafka: own, ...options } = {}) {
    const kafka = own || (options.clientId ? this.client(options.clientId) : this.kafka)
    const consumer = kafka.consumer({
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      rebalanceTimeout: 10000,
      maxWaitTimeInMs: 500,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
      ...options
    })
    this.resources.push(consumer)
    return consumer
  }

  async createTopic (suffix, partitions, configs = {}) {
    const topic = this.name(suffix)
    const admin = await this.admin()
    try {
      await admin.createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries: entries(configs) }],
        waitForLeaders: true
      })
    } catch (e) {
      // KafkaJS's own wait for leaders gives up after its client's few retries, which a loaded
      // reference broker can outlast: the waits below have the context's patience
      console.error(`createTopics ${topic}: ${errorName(e)}; waiting for its leaders`)
    }
    await this.awaitLeaders(topic, partitions)
    await this.awaitLeading(topic, partitions)
    return topic
  }

  /**
   * Until every partition's leader answers ListOffsets: Kafka publishes a new topic's leader in
   * Metadata a moment before that broker leads it, and a first produce in that moment gets
   * NOT_LEADER_OR_FOLLOWER for some partitions, which KafkaJS answers by sending the whole
   * request again (duplicates in the partitions that had taken it).
   */
  async awaitLeading (topic, partitions) {
    const admin = await this.admin()
    const deadline = Date.now() + WAIT
    let last = null
    while (Date.now() < deadline) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic)
        if (offsets.length === partitions) return
        last = offsets
      } catch (e) {
        last = errorName(e)
      }
      await sleep(50)
    }
    throw new Fail(`timed out waiting for the leaders of ${topic} to answer ListOffsets; last ${JSON.stringify(last)}`)
  }

  async awaitLeaders (topic, partitions) {
    const admin = await this.admin()
    const deadline = Date.now() + WAIT
    let last = null
    while (Date.now() < deadline) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
        last = topics[0].partitions
        if (last.length === partitions && last.every(p => p.leader >= 0 && p.partitionErrorCode === 0)) return last
      } catch (e) {
        last = errorName(e)
      }
      await sleep(50)
    }
    throw new Fail(`timed out waiting for ${partitions} partitions with leaders of ${topic}; last ${JSON.stringify(last)}`)
  }

  /** Every record of the topic from the beginning (a fresh group: KafkaJS has no group-less consumer). */
  async readAll (topic, expected, timeout = WAIT) {
    const consumer = this.consumer({ groupId: this.name(`read-${Math.random().toString(36).slice(2, 8)}`) })
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    const records = []
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => {
      records.push({ partition, offset: Number(message.offset), key: message.key, value: message.value,
        headers: message.headers, timestamp: Number(message.timestamp) })
    } })
    const deadline = Date.now() + timeout
    while (records.length < expected && Date.now() < deadline) await sleep(20)
    await consumer.disconnect()
    records.sort((a, b) => a.partition - b.partition || a.offset - b.offset)
    return records
  }

  async close () {
    for (const resource of this.resources.reverse()) {
      try {
        await resource.disconnect()
      } catch (e) {
        // a client of a failed scenario may refuse to disconnect
      }
    }
    this.resources = []
  }
}

function entries (configs) {
  return Object.entries(configs).map(([name, value]) => ({ name, value }))
}

const SCENARIOS = []

function scenario (name, area, summary, body, { timeout = 60000, notApplicable = null } = {}) {
  SCENARIOS.push({ name, area, summary, body, timeout, notApplicable })
}

function parseArgs (argv) {
  const args = {}
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--list') args.list = true
    else if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[++i]
  }
  return args
}

async function runOne (s, args, control) {
  const start = Date.now()
  if (s.notApplicable) {
    return { type: 'result', scenario: s.name, status: 'NOT_APPLICABLE', fields: {}, failures: [s.notApplicable], elapsedMillis: 0 }
  }
  const ctx = new Context(s.name, args, control)
  const out = new Observations()
  const failures = []
  let timer
  try {
    await Promise.race([
      s.body(ctx, out),
      new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Fail(`timed out after ${s.timeout / 1000} s`)), s.timeout) })
    ])
  } catch (e) {
    failures.push(e instanceof Fail ? e.message : `${e.name}: ${e.message} ${(e.stack || '').split('\n').filter(l => l.includes('scenarios.js')).slice(0, 3).map(l => l.trim()).join(' ')}`)
    if (!(e instanceof Fail)) console.error(e)
  } finally {
    clearTimeout(timer)
    await ctx.close()
  }
  const all = out.failures.concat(failures)
  return { type: 'result', scenario: s.name, status: all.length ? 'FAIL' : 'PASS', fields: out.fields, failures: all, elapsedMillis: Date.now() - start }
}

/** Asks the suite to stop / start / kill / restart the broker and waits for its answer. */
function controller () {
  const lines = readline.createInterface({ input: process.stdin })
  const waiting = []
  lines.on('line', line => { const next = waiting.shift(); if (next) next(JSON.parse(line)) })
  return action => new Promise((resolve, reject) => {
    waiting.push(reply => reply.ok ? resolve(reply.bootstrap) : reject(new Error(`the suite could not ${action} the broker: ${reply.error}`)))
    emit({ type: 'control', action })
  })
}

async function main () {
  const args = parseArgs(process.argv.slice(2))
  if (args.list) {
    for (const s of SCENARIOS) {
      emit({ type: 'scenario', name: s.name, area: s.area, summary: s.summary, timeoutMillis: s.timeout, exclusive: s.area === 'restart' })
    }
    return
  }
  const control = controller()
  const byName = new Map(SCENARIOS.map(s => [s.name, s]))
  for (const name of (args.scenarios || '').split(',').filter(n => n)) {
    const s = byName.get(name)
    emit(s ? await runOne(s, args, control) : { type: 'result', scenario: name, status: 'FAIL', fields: {}, failures: [`no KafkaJS scenario named ${name}`], elapsedMillis: 0 })
  }
}

function start () {
  main().then(() => process.exit(0), e => { console.error(e); process.exit(1) })
}

module.exports = { scenario, start, outcome, errorName, Fail, NotApplicable, sleep, entries, WAIT }
