#!/bin/bash
# Server instructions per assignment (load-independent): one backend in single-user mode under callgrind runs
# one statement per call (each its own transaction): N conversations queued (A), or queued then assigned with
# omnichannel_save_conversation (B); (B-A)/N is an assignment's cost (function, triggers, index inserts, checks, commit, plus parsing and planning the statement).
# Usage (as root, valgrind and PostgreSQL 15 installed): benchmarks/Omnichannel.Benchmarks/Storage/pg-callgrind.sh REPO_ROOT [N]
# e.g. PREFILL=20000 benchmarks/Omnichannel.Benchmarks/Storage/pg-callgrind.sh . 400
set -e
WT=$1; N=${2:-300}; BIN=/usr/lib/postgresql/15/bin
DIR=$(mktemp -d /tmp/pgcg.XXXX); chown postgres $DIR
runuser -u postgres -- $BIN/initdb -D $DIR/data -U postgres --auth-local=trust >/dev/null 2>&1
cat $WT/src/Omnichannel.Storage.PostgreSql/Migrations/*.sql > $DIR/schema.sql
# EXTRA=file: SQL appended to the schema (e.g. a probe function with the save function's signature, called with FN=name).
[ -n "$EXTRA" ] && cat "$EXTRA" >> $DIR/schema.sql
# PREFILL=M: M conversations already stored (closed and open, other contacts) so indexes have a realistic depth.
if [ -n "$PREFILL" ]; then cat >> $DIR/schema.sql <<SQL
INSERT INTO conversations (id, contact_id, department_id, channel, state, serving_agent_id, created_at, message_count, version, data)
SELECT 'old-' || g, 'oldcontact-' || g, 'd-' || (g % 10), 'chat', CASE WHEN g % 5 = 0 THEN 'Taken' ELSE 'Closed' END,
       'agent-' || (g % 50), now() - (g || ' seconds')::interval, 1, 1, jsonb_build_object('id', 'old-' || g, 'padding', repeat('x', 800))
  FROM generate_series(1, $PREFILL) g;
SQL
fi
chown postgres $DIR/schema.sql
REC=$(python3 - <<'PY'
import json
rec={"id":"c-%s","contactId":"contact-%s","departmentId":"support","channel":"chat","state":"Queued","createdAt":"2026-11-30T10:00:00.123456789Z",
 "priority":"Normal","tags":[],"servedBy":[],"participants":[],"messageCount":1,"lastAuthorKind":"Contact","firstResponseAt":None,
 "room":{"name":"Customer name here","email":"someone@example.com","topic":"My invoice is wrong and I want to talk to someone","fields":{"k1":"v1","k2":"v2","k3":"value three"}},
 "transcript":{"email":None,"requested":False},"pendingForward":None,"notes":[],"waitingSince":"2026-11-30T10:00:00.123456789Z",
 "responseTimes":{"count":0,"totalTicks":0,"maxTicks":0},"padding":"x"*420}
print(json.dumps(rec).replace("'","''"))
PY
)
gen() { # $1 = with assignments (0/1). One statement per call: each runs in its own transaction, as in production.
echo "INSERT INTO departments VALUES ('support', 1, '{\"id\":\"support\"}');"; echo
echo "INSERT INTO agents VALUES ('agent-0', 'AGENT0', '{support}', 1, '{\"id\":\"agent-0\"}');"; echo
M='{"sequence":1,"authorKind":"System","text":"Agent agent-0 took the conversation.","sentAt":"2026-11-30T10:00:01.123456789Z","attachments":[]}'
for i in $(seq 1 $N); do
  D=${REC//%s/$i}
  echo "SELECT omnichannel_create_conversation('c-$i', 'contact-$i', 'support', 'chat', 'Queued', NULL, '2026-11-30T10:00:00Z', 1, '$D', ARRAY['$M'::jsonb]);"; echo
done
if [ $1 = 1 ]; then
  for i in $(seq 1 $N); do
    D=${REC//%s/$i}; D=${D//\"state\": \"Queued\"/\"state\": \"Taken\"}
    echo "SELECT ${FN:-omnichannel_save_conversation}('c-$i', 1, 'contact-$i', 'support', 'chat', 'Taken', 'agent-0', '2026-11-30T10:00:00Z', 2, '$D',
      ARRAY[2], ARRAY['$M'::jsonb], 'agent-0', 'support', 1000000, 0, false, NULL, 0,
      ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::timestamptz[], ARRAY[]::timestamptz[], ARRAY[]::jsonb[],
      'agent-0', 1, 'support', 1, now());"; echo
  done
fi
}
run() { # $1 tag, $2 with
  runuser -u postgres -- $BIN/pg_ctl -D $DIR/data -o "-k $DIR -c listen_addresses=''" -l $DIR/pg.log -w start >/dev/null
  runuser -u postgres -- $BIN/psql -q -1 -v ON_ERROR_STOP=1 -h $DIR -U postgres -d postgres -f $DIR/schema.sql > $DIR/schema.$1.log 2>&1 || { cat $DIR/schema.$1.log >&2; exit 1; }
  runuser -u postgres -- $BIN/pg_ctl -D $DIR/data -w stop >/dev/null
  gen $2 > $DIR/work.$1.sql; chown postgres $DIR/work.$1.sql
  runuser -u postgres -- valgrind --tool=callgrind --callgrind-out-file=$DIR/cg.$1 $BIN/postgres --single -j -D $DIR/data postgres < $DIR/work.$1.sql > $DIR/work.$1.log 2>&1
  grep -i "error" $DIR/work.$1.log | head -3 >&2 || true
  callgrind_annotate $DIR/cg.$1 2>/dev/null | grep -m1 "PROGRAM TOTALS" | awk '{gsub(",","",$1); print $1}'
}
# Fresh data directory for each run (the schema is applied in single-user mode too).
A=$(run a 0)
rm -rf $DIR/data; runuser -u postgres -- $BIN/initdb -D $DIR/data -U postgres --auth-local=trust >/dev/null 2>&1
B=$(run b 1)
echo "creates only: $A; creates+assigns: $B; per assignment: $(( (B - A) / N ))"
[ -n "$KEEP" ] && echo "kept $DIR" || rm -rf $DIR
