/**
 * Topic key words, as RabbitMQ splits them (rabbit_db_topic_exchange:split_topic_key_binary/1;
 * rabbit_exchange_type_topic:split_topic_key/1 in 3.10): the empty key has ZERO words, any other key is
 * split on every `.`, so `a..b` = [a, "", b], `.` = ["", ""] and `a.` = [a, ""].
 */
export function splitTopicKey(key: string): readonly string[] {
  return key === '' ? [] : key.split('.')
}

/** How many whole `#` words a binding key has (`a#b` and `##` are literal words, not wildcards). */
export function countHashWords(pattern: string): number {
  let n = 0
  for (const w of splitTopicKey(pattern)) if (w === '#') n++
  return n
}

/** true when the binding key has no `*` or `#` word: it matches only its own key. */
export function isLiteralPattern(pattern: string): boolean {
  for (const w of splitTopicKey(pattern)) if (w === '#' || w === '*') return false
  return true
}
