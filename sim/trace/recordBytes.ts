import { ascii, type LineBytes } from './lineBytes.ts';
import type { PayloadKind, TraceRecord } from './records.ts';

/**
 * Writes a trace record's canonical JSON line (keys sorted, as `canonicalJson` writes it) straight
 * into `w`, by a writer chosen by the record's `type`: its fields in sorted order, constants
 * pre-encoded, values checked as they are written. Returns false, having written a part of the line,
 * when the record is not what its type says: a field of another type, a string that needs escaping,
 * a number that is not finite, a key the type does not have (counted), an optional key present but
 * undefined, or not a plain object. The caller then rewinds and writes it with `canonicalJson`, so
 * the bytes are the same either way (test/trace/recordBytes.test.ts checks every type).
 */
export function writeRecord(w: LineBytes, r: TraceRecord): boolean {
  if (Object.getPrototypeOf(r) !== Object.prototype) return false;
  switch (r.type) {
    case 'hop-enqueue':
      return hopEnqueue(w, r);
    case 'hop-dequeue':
      return hopDequeue(w, r);
    case 'decrypt':
      return decrypt(w, r);
    case 'deliver':
      return deliver(w, r);
    case 'send':
      return send(w, r);
    case 'verify':
      return verify(w, r);
    case 'mls':
      return mls(w, r);
    case 'wire-drop':
      return wireDrop(w, r);
    case 'drop':
      return drop(w, r);
    case 'reject':
      return reject(w, r);
    case 'expose':
      return expose(w, r);
    case 'plaintext-observed':
      return plaintextObserved(w, r);
    case 'note':
      return note(w, r);
    case 'skip':
      return skip(w, r);
    default:
      return unknownType(r);
  }
}

type Of<T extends TraceRecord['type']> = Extract<TraceRecord, { type: T }>;

function hopEnqueue(w: LineBytes, r: Of<'hop-enqueue'>): boolean {
  if (r.msg === undefined) {
    return keys(r) === 8 && w.lit(BYTES) && w.num(r.bytes) && w.lit(ENV) && w.str(r.env) && w.lit(FROM) && w.str(r.from) && w.lit(KIND) && kind(w, r.kind) &&
      w.lit(NODE) && w.str(r.node) && w.lit(PAYLOAD) && w.str(r.payload) && w.lit(T) && w.num(r.t) && w.lit(HOP_ENQUEUE);
  }
  return keys(r) === 9 && w.lit(BYTES) && w.num(r.bytes) && w.lit(ENV) && w.str(r.env) && w.lit(FROM) && w.str(r.from) && w.lit(KIND) && kind(w, r.kind) &&
    w.lit(MSG) && w.str(r.msg) && w.lit(NODE) && w.str(r.node) && w.lit(PAYLOAD) && w.str(r.payload) && w.lit(T) && w.num(r.t) && w.lit(HOP_ENQUEUE);
}

function hopDequeue(w: LineBytes, r: Of<'hop-dequeue'>): boolean {
  return keys(r) === 4 && w.lit(ENV_FIRST) && w.str(r.env) && w.lit(NODE) && w.str(r.node) && w.lit(T) && w.num(r.t) && w.lit(HOP_DEQUEUE);
}

function decrypt(w: LineBytes, r: Of<'decrypt'>): boolean {
  if (r.reason === undefined) {
    return keys(r) === 5 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(MSG) && w.str(r.msg) && w.lit(OK) && w.bool(r.ok) && w.lit(T) && w.num(r.t) && w.lit(DECRYPT);
  }
  return keys(r) === 6 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(MSG) && w.str(r.msg) && w.lit(OK) && w.bool(r.ok) && w.lit(REASON) && w.str(r.reason) &&
    w.lit(T) && w.num(r.t) && w.lit(DECRYPT);
}

function deliver(w: LineBytes, r: Of<'deliver'>): boolean {
  return keys(r) === 5 && w.lit(LATENCY_FIRST) && w.num(r.latency) && w.lit(MSG) && w.str(r.msg) && w.lit(T) && w.num(r.t) && w.lit(TO) && w.str(r.to) && w.lit(DELIVER);
}

function send(w: LineBytes, r: Of<'send'>): boolean {
  return keys(r) === 7 && w.lit(BYTES) && w.num(r.bytes) && w.lit(FROM) && w.str(r.from) && w.lit(KIND) && kind(w, r.kind) && w.lit(MSG) && w.str(r.msg) &&
    w.lit(T) && w.num(r.t) && w.lit(TO) && strings(w, r.to) && w.lit(SEND);
}

function verify(w: LineBytes, r: Of<'verify'>): boolean {
  return keys(r) === 6 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(EPOCH) && w.num(r.epoch) && w.lit(GROUP) && w.str(r.group) && w.lit(OK) && w.bool(r.ok) &&
    w.lit(T) && w.num(r.t) && w.lit(VERIFY);
}

function mls(w: LineBytes, r: Of<'mls'>): boolean {
  if (r.outcome === undefined) {
    return keys(r) === 7 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(BYTES_NEXT) && w.num(r.bytes) && w.lit(EPOCH) && w.num(r.epoch) && w.lit(GROUP) && w.str(r.group) &&
      w.lit(OP) && w.str(r.op) && w.lit(T) && w.num(r.t) && w.lit(MLS);
  }
  return keys(r) === 8 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(BYTES_NEXT) && w.num(r.bytes) && w.lit(EPOCH) && w.num(r.epoch) && w.lit(GROUP) && w.str(r.group) &&
    w.lit(OP) && w.str(r.op) && w.lit(OUTCOME) && w.str(r.outcome) && w.lit(T) && w.num(r.t) && w.lit(MLS);
}

function wireDrop(w: LineBytes, r: Of<'wire-drop'>): boolean {
  if (r.msg === undefined) {
    return keys(r) === 7 && w.lit(ENV_FIRST) && w.str(r.env) && w.lit(FROM) && w.str(r.from) && w.lit(KIND) && kind(w, r.kind) && w.lit(NODE) && w.str(r.node) &&
      w.lit(REASON) && w.str(r.reason) && w.lit(T) && w.num(r.t) && w.lit(WIRE_DROP);
  }
  return keys(r) === 8 && w.lit(ENV_FIRST) && w.str(r.env) && w.lit(FROM) && w.str(r.from) && w.lit(KIND) && kind(w, r.kind) && w.lit(MSG) && w.str(r.msg) &&
    w.lit(NODE) && w.str(r.node) && w.lit(REASON) && w.str(r.reason) && w.lit(T) && w.num(r.t) && w.lit(WIRE_DROP);
}

function drop(w: LineBytes, r: Of<'drop'>): boolean {
  return keys(r) === 5 && w.lit(MSG_FIRST) && w.str(r.msg) && w.lit(REASON) && w.str(r.reason) && w.lit(T) && w.num(r.t) && w.lit(TO) && w.str(r.to) && w.lit(DROP);
}

function reject(w: LineBytes, r: Of<'reject'>): boolean {
  return keys(r) === 6 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(MSG) && w.str(r.msg) && w.lit(REASON) && w.str(r.reason) && w.lit(T) && w.num(r.t) &&
    w.lit(TO) && w.str(r.to) && w.lit(REJECT);
}

function expose(w: LineBytes, r: Of<'expose'>): boolean {
  return keys(r) === 5 && w.lit(AS_FIRST) && w.str(r.as) && w.lit(BY) && w.str(r.by) && w.lit(MSG) && w.str(r.msg) && w.lit(T) && w.num(r.t) && w.lit(EXPOSE);
}

function plaintextObserved(w: LineBytes, r: Of<'plaintext-observed'>): boolean {
  return keys(r) === 4 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(MSG) && w.str(r.msg) && w.lit(T) && w.num(r.t) && w.lit(PLAINTEXT_OBSERVED);
}

function note(w: LineBytes, r: Of<'note'>): boolean {
  return keys(r) === 4 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(T) && w.num(r.t) && w.lit(TEXT) && w.str(r.text) && w.lit(NOTE);
}

function skip(w: LineBytes, r: Of<'skip'>): boolean {
  if (r.by === undefined) {
    return keys(r) === 4 && w.lit(CONVERSATION_FIRST) && w.str(r.conversation) && w.lit(REASON) && w.str(r.reason) && w.lit(T) && w.num(r.t) && w.lit(SKIP);
  }
  return keys(r) === 5 && w.lit(BY_FIRST) && w.str(r.by) && w.lit(CONVERSATION) && w.str(r.conversation) && w.lit(REASON) && w.str(r.reason) && w.lit(T) &&
    w.num(r.t) && w.lit(SKIP);
}

/** A type the union does not have (only a record built around the types reaches here): the general way. */
function unknownType(_: never): false {
  return false;
}

/** The record's own enumerable keys, counted (a plain object has no others): a key its type does not have is caught. */
function keys(r: object): number {
  let n = 0;
  for (const _ in r) n++;
  return n;
}

/** A payload kind: one of the known ones as a constant (its quotes included), any other string checked as it is copied. */
function kind(w: LineBytes, v: unknown): boolean {
  switch (v) {
    case 'application':
      return w.lit(K_APPLICATION);
    case 'commit':
      return w.lit(K_COMMIT);
    case 'proposal':
      return w.lit(K_PROPOSAL);
    case 'welcome':
      return w.lit(K_WELCOME);
    case 'key-package':
      return w.lit(K_KEY_PACKAGE);
    case 'group-info':
      return w.lit(K_GROUP_INFO);
    case 'control':
      return w.lit(K_CONTROL);
    case 'cleartext':
      return w.lit(K_CLEARTEXT);
    default:
      return w.str(v);
  }
}

/** A JSON array of strings. */
function strings(w: LineBytes, a: unknown): boolean {
  if (!Array.isArray(a)) return false;
  w.lit(OPEN);
  for (let i = 0; i < a.length; i++) if ((i > 0 && !w.lit(COMMA)) || !w.str(a[i])) return false;
  return w.lit(CLOSE);
}

const OPEN = ascii('[');
const CLOSE = ascii(']');
const COMMA = ascii(',');
// Keys, each as `,"key":` (or `{"key":` when it sorts first in its record).
const AS_FIRST = ascii('{"as":');
const BY_FIRST = ascii('{"by":');
const BY = ascii(',"by":');
const BYTES = ascii('{"bytes":');
const BYTES_NEXT = ascii(',"bytes":');
const CONVERSATION_FIRST = ascii('{"conversation":');
const CONVERSATION = ascii(',"conversation":');
const ENV = ascii(',"env":');
const ENV_FIRST = ascii('{"env":');
const EPOCH = ascii(',"epoch":');
const FROM = ascii(',"from":');
const GROUP = ascii(',"group":');
const KIND = ascii(',"kind":');
const LATENCY_FIRST = ascii('{"latency":');
const MSG = ascii(',"msg":');
const MSG_FIRST = ascii('{"msg":');
const NODE = ascii(',"node":');
const OK = ascii(',"ok":');
const OP = ascii(',"op":');
const OUTCOME = ascii(',"outcome":');
const PAYLOAD = ascii(',"payload":');
const REASON = ascii(',"reason":');
const T = ascii(',"t":');
const TEXT = ascii(',"text":');
const TO = ascii(',"to":');
// The payload kinds' values, quoted.
const quoted = (kind: PayloadKind) => ascii(JSON.stringify(kind));
const K_APPLICATION = quoted('application');
const K_COMMIT = quoted('commit');
const K_PROPOSAL = quoted('proposal');
const K_WELCOME = quoted('welcome');
const K_KEY_PACKAGE = quoted('key-package');
const K_GROUP_INFO = quoted('group-info');
const K_CONTROL = quoted('control');
const K_CLEARTEXT = quoted('cleartext');
// `type` sorts last in every record: its value closes the line.
const closing = (type: TraceRecord['type']) => ascii(`,"type":${JSON.stringify(type)}}`);
const DECRYPT = closing('decrypt');
const DELIVER = closing('deliver');
const DROP = closing('drop');
const EXPOSE = closing('expose');
const HOP_DEQUEUE = closing('hop-dequeue');
const HOP_ENQUEUE = closing('hop-enqueue');
const MLS = closing('mls');
const NOTE = closing('note');
const PLAINTEXT_OBSERVED = closing('plaintext-observed');
const REJECT = closing('reject');
const SEND = closing('send');
const SKIP = closing('skip');
const VERIFY = closing('verify');
const WIRE_DROP = closing('wire-drop');
