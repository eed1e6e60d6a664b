#!/bin/sh
# The quota refusal check of RedisSubscriptionStore (docs/operations.md, "Subscriptions edited in Redis
# by hand"): Redis's own time (SLOWLOG, microseconds) of the sum over N owner counts, five rounds
# each. Needs a scratch redis-server on $PORT (default 6479): it writes the key h and resets SLOWLOG.
PORT=${PORT:-6479}
for n in 100 1000 10000; do
  redis-cli -p $PORT DEL h >/dev/null
  redis-cli -p $PORT EVAL "for i=1,tonumber(ARGV[1]) do redis.call('HSET', KEYS[1], 'token:https://idp.example|owner-'..i, 3) end" 1 h $n >/dev/null
  redis-cli -p $PORT CONFIG SET slowlog-log-slower-than 0 >/dev/null
  redis-cli -p $PORT SLOWLOG RESET >/dev/null
  for r in 1 2 3 4 5; do
    redis-cli -p $PORT EVAL "local sum = 0 for _, n in ipairs(redis.call('HVALS', KEYS[1])) do sum = sum + tonumber(n) end return sum" 1 h >/dev/null
  done
  printf 'owners %s: ' $n
  redis-cli -p $PORT --csv SLOWLOG GET 20 | grep -oE '[0-9]+,[0-9]+,[0-9]+,"EVAL","local sum' | cut -d, -f3 | sort -n | tr '\n' ' '
  echo us
done
