#!/usr/bin/env bash
# One entry point for a machine without Docker: builds what is missing, starts a real Kafka broker and
# a real S3 server from Maven Central artifacts, runs the services and the main job.
#
#   ./run.sh [--architectures cnn,resnet18] [--epochs N] [--clusters 3] [--data fer2013.csv] [--per-class 100] [--stop-after]
#                                 the main job: stack up, dataset, one experiment of the scheme, table and report
#   ./run.sh infra up|down|status Kafka (KRaft, 127.0.0.1:9092) and S3 (127.0.0.1:9000) only
#   ./run.sh up|down|status       infrastructure plus the services
#   ./run.sh up --trainers N      the same with N trainer processes (the first on 8082, the others on 8092, 8093, …),
#                                 sharing the training jobs through the training-jobs topic
#   ./run.sh services-up [--trainers N]   the services alone, starting those not running (Kafka and S3 are up)
#   ./run.sh synth --out F.csv [--per-class N] [--seed S] [--imbalance fer2013]
#   ./run.sh post FILE.json       publish a dataset-ready event (key = its datasetId)
#   ./run.sh test                 the test suite (what CI runs)
#   ./run.sh verify-cuda          not in CI: builds the trainer with -Pcuda (downloads the ~2.3 GB CUDA libtorch) into
#                                 trainer-service/target/cuda, starts it with FER_TRAINER_DEVICE=auto, trains a few steps
#   ./run.sh bench train|perturb|infer|saliency|faces|video [options]   benchmarks (figures: tools/bench/RESULTS.md) (perturb --n 35887 and infer --server quarkus start Kafka/S3 first)
#   ./run.sh bench scale --trainers N --jobs 8 [--kill-one]    short training jobs through the services with N one-thread
#                                 trainers (it restarts the services for the run and stops them after)
#
# Settings come from the environment (defaults in brackets):
#   FER_STATE_DIR [.state]   logs, pid files, Kafka and S3 data
#   KAFKA_PORT [9092], KAFKA_CONTROLLER_PORT [9093], S3_PORT [9000]
#   S3_ACCESS_KEY / S3_SECRET_KEY [minioadmin/minioadmin: local use only]
#   SERVICE_HEAP [1g]
#   TRAINING_JOB_PARTITIONS [24]  partitions of training-jobs: at most this many trainers train at once
#   FER_TRAINER_THREADS [cores / trainers, at least 1]  libtorch threads of each trainer process
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
STATE="${FER_STATE_DIR:-$ROOT/.state}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
S3_PORT="${S3_PORT:-9000}"
S3_ACCESS_KEY="${S3_ACCESS_KEY:-minioadmin}"
S3_SECRET_KEY="${S3_SECRET_KEY:-minioadmin}"
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
BUCKETS=(datasets models experiments)
TOPICS=(dataset-ready checkpoint-ready training-progress model-aliases training-jobs predictions dataset-ready.dlq
  checkpoint-ready.dlq training-progress.dlq model-aliases.dlq training-jobs.dlq predictions.dlq)
TOPIC_PARTITIONS=3 # every topic but training-jobs
TRAINING_JOB_PARTITIONS="${TRAINING_JOB_PARTITIONS:-24}"
SERVICES=(perturb-service:8081 trainer-service:8082 inference-service:8083 saliency-service:8084)
TRAINER_EXTRA_PORT_BASE=8090 # replica i >= 2 of the trainer listens on 8090 + i, clear of the services' ports
MVN=(mvn -B -q)

log() { printf '\033[1m[run]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[run] %s\033[0m\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------- build
build_infra() {
  if [ ! -d tools/infra/kafka-broker/target/lib ] || [ ! -d tools/infra/s3-server/target/lib ]; then
    log "fetching the Kafka broker and the S3 server through Maven (first run only)"
    "${MVN[@]}" -f tools/infra/pom.xml package
  fi
}

build_services() {
  local missing=0
  for s in "${SERVICES[@]}"; do
    [ -f "${s%%:*}/target/quarkus-app/quarkus-run.jar" ] || missing=1
  done
  [ -f tools/cli/target/cli-0.1.0-SNAPSHOT.jar ] || missing=1
  if [ "$missing" = 1 ]; then
    log "building the services (first run only; a few minutes)"
    "${MVN[@]}" -DskipTests install -pl perturb-service,trainer-service,inference-service,saliency-service,tools/cli -am
  fi
}

# ---------------------------------------------------------------------------------------- processes
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() { # name port seconds
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "$1 did not open port $2 within $3 s; see its log under $STATE/logs"
}

stop_pid() { # name pidfile
  if pid_alive "$2"; then
    local pid; pid="$(cat "$2")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped $1"
  fi
  rm -f "$2"
}

# -------------------------------------------------------------------------------------------- kafka
kafka_up() {
  local dir="$STATE/kafka" pidfile="$STATE/kafka.pid"
  if pid_alive "$pidfile"; then log "Kafka already running on $KAFKA_BOOTSTRAP"; return; fi
  mkdir -p "$dir/data" "$STATE/logs"
  cat > "$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  cat > "$dir/log4j2.properties" <<EOF
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=File
appender.file.name=file
appender.file.fileName=$STATE/logs/kafka.log
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
EOF
  local cp="$ROOT/tools/infra/kafka-broker/target/lib/*"
  local jvm=(-Xmx512m -Dlog4j2.configurationFile="$dir/log4j2.properties")
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool random-uuid 2>> "$STATE/logs/kafka-format.log")
    java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      --ignore-formatted >> "$STATE/logs/kafka-format.log" 2>&1 \
      || die "formatting Kafka storage failed; see $STATE/logs/kafka-format.log"
  fi
  nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" > "$STATE/logs/kafka.out" 2>&1 &
  echo $! > "$pidfile"
  wait_port Kafka "$KAFKA_PORT" 60
  log "Kafka up on $KAFKA_BOOTSTRAP (pid $(cat "$pidfile"))"
}

kafka_tool() { java -Xmx256m -cp "$ROOT/tools/infra/kafka-broker/target/lib/*" -Dlog4j2.level=WARN "$@"; }

topic_partitions() { # topic: training-jobs spreads jobs over the trainers; one partition feeds one trainer at a time
  if [ "$1" = training-jobs ]; then echo "$TRAINING_JOB_PARTITIONS"; else echo "$TOPIC_PARTITIONS"; fi
}

create_topics() {
  for t in "${TOPICS[@]}"; do
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
      --topic "$t" --partitions "$(topic_partitions "$t")" --replication-factor 1 > /dev/null 2>> "$STATE/logs/topics.log" \
      || die "creating topic $t failed; see $STATE/logs/topics.log"
  done
  raise_partitions training-jobs "$TRAINING_JOB_PARTITIONS"
  log "topics ready: ${TOPICS[*]} (training-jobs: $TRAINING_JOB_PARTITIONS partitions)"
}

raise_partitions() { # topic wanted: a topic made by an older run may have fewer; Kafka can add partitions, never remove
  local have
  have=$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --describe --topic "$1" \
    2>> "$STATE/logs/topics.log" | sed -n 's/.*PartitionCount:[[:space:]]*\([0-9]*\).*/\1/p' | head -1)
  if [ -n "$have" ] && [ "$have" -lt "$2" ]; then
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --alter --topic "$1" \
      --partitions "$2" > /dev/null 2>> "$STATE/logs/topics.log" || die "raising the partitions of $1 failed; see $STATE/logs/topics.log"
    log "$1: partitions raised from $have to $2"
  fi
}

# ----------------------------------------------------------------------------------------------- s3
s3_up() {
  local pidfile="$STATE/s3.pid"
  if pid_alive "$pidfile"; then log "S3 already running on $S3_ENDPOINT_URL"; return; fi
  mkdir -p "$STATE/s3" "$STATE/logs"
  if command -v minio > /dev/null; then
    MINIO_ROOT_USER="$S3_ACCESS_KEY" MINIO_ROOT_PASSWORD="$S3_SECRET_KEY" \
      nohup minio server --address "127.0.0.1:$S3_PORT" "$STATE/s3" > "$STATE/logs/s3.log" 2>&1 &
  else
    cat > "$STATE/s3proxy.properties" <<EOF
s3proxy.endpoint=$S3_ENDPOINT_URL
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$STATE/s3
EOF
    chmod 600 "$STATE/s3proxy.properties"
    # S3Proxy logs at DEBUG without a configuration
    cat > "$STATE/s3-logback.xml" <<EOF
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %-5level %logger{20} %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="out"/></root>
</configuration>
EOF
    nohup java -Xmx512m -Dlogback.configurationFile="$STATE/s3-logback.xml" \
      -cp "$ROOT/tools/infra/s3-server/target/lib/*" org.gaul.s3proxy.Main --properties "$STATE/s3proxy.properties" \
      > "$STATE/logs/s3.log" 2>&1 &
  fi
  echo $! > "$pidfile"
  wait_port S3 "$S3_PORT" 60
  log "S3 up on $S3_ENDPOINT_URL (pid $(cat "$pidfile"))"
}

create_buckets() {
  for b in "${BUCKETS[@]}"; do
    local code
    # S3 servers check the payload digest; this is the SHA-256 of the empty body
    code=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" \
      -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
      --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" -X PUT "$S3_ENDPOINT_URL/$b")
    case "$code" in
      200|409) ;;
      *) die "creating bucket $b failed (HTTP $code)";;
    esac
  done
  log "buckets ready: ${BUCKETS[*]}"
}

infra_up() {
  build_infra
  kafka_up
  s3_up
  create_topics
  create_buckets
}

infra_down() {
  stop_pid Kafka "$STATE/kafka.pid"
  stop_pid S3 "$STATE/s3.pid"
}

infra_status() {
  pid_alive "$STATE/kafka.pid" && echo "kafka: running on $KAFKA_BOOTSTRAP (pid $(cat "$STATE/kafka.pid"))" || echo "kafka: stopped"
  pid_alive "$STATE/s3.pid" && echo "s3: running on $S3_ENDPOINT_URL (pid $(cat "$STATE/s3.pid"))" || echo "s3: stopped"
}

# ----------------------------------------------------------------------------------------- services
service_env() {
  export KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP"
  export FER_STORAGE_ENDPOINT="$S3_ENDPOINT_URL"
  export FER_STORAGE_ACCESS_KEY="$S3_ACCESS_KEY"
  export FER_STORAGE_SECRET_KEY="$S3_SECRET_KEY"
}

TRAINERS=1 # trainer processes; ./run.sh up --trainers N

trainer_replicas() { # name:port of every trainer process to run: the first is trainer-service on 8082 as ever
  local i
  echo "trainer-service:8082"
  for ((i = 2; i <= TRAINERS; i++)); do echo "trainer-service-$i:$((TRAINER_EXTRA_PORT_BASE + i))"; done
}

service_list() { # name:port of every process, the trainer replicas where trainer-service stands
  local s
  for s in "${SERVICES[@]}"; do
    if [ "${s%%:*}" = trainer-service ]; then trainer_replicas; else echo "$s"; fi
  done
}

started_trainers() { # name:port of every trainer replica with a pid file (also those of an earlier, larger 'up')
  local f name i
  [ -f "$STATE/trainer-service.pid" ] && echo "trainer-service:8082"
  for f in "$STATE"/trainer-service-*.pid; do
    [ -f "$f" ] || continue
    name="$(basename "$f" .pid)"; i="${name##*-}"
    echo "$name:$((TRAINER_EXTRA_PORT_BASE + i))"
  done
}

trainer_threads() { # libtorch threads of one trainer: the cores shared out, unless FER_TRAINER_THREADS says
  if [ -n "${FER_TRAINER_THREADS:-}" ]; then echo "$FER_TRAINER_THREADS"
  elif [ "$TRAINERS" -gt 1 ]; then local n=$(( $(nproc) / TRAINERS )); echo $(( n < 1 ? 1 : n ))
  fi # one trainer and nothing set: libtorch's own default, as it always was
}

services_up() {
  build_services
  service_env
  mkdir -p "$STATE/logs"
  local threads; threads="$(trainer_threads)"
  local s
  for s in $(service_list); do
    local name="${s%%:*}" port="${s##*:}" pidfile="$STATE/${s%%:*}.pid" jar="${s%%:*}"
    [[ "$name" == trainer-service* ]] && jar=trainer-service
    if pid_alive "$pidfile"; then log "$name already running on :$port"; continue; fi
    local extra=()
    [[ "$name" == trainer-service* && -n "$threads" ]] && extra=(FER_TRAINER_THREADS="$threads")
    # loopback only, and no tokens: whoever can reach 127.0.0.1 may do anything (the Helm chart turns auth on)
    # inference and saliency serve the newest final checkpoint ('latest'); the Helm chart serves 'production'
    env "${extra[@]}" QUARKUS_HTTP_HOST=127.0.0.1 FER_AUTH_ENABLED=false QUARKUS_HTTP_PORT="$port" \
      FER_SERVING_DEFAULT_MODEL=latest \
      nohup java -Xmx"${SERVICE_HEAP:-1g}" -Dai.djl.offline=true \
      -jar "$jar/target/quarkus-app/quarkus-run.jar" > "$STATE/logs/$name.log" 2>&1 &
    echo $! > "$pidfile"
  done
  for s in $(service_list); do
    local name="${s%%:*}" port="${s##*:}"
    wait_port "$name" "$port" 120
    # liveness here; inference and saliency are ready only once they have a model
    for _ in $(seq 1 600); do
      curl -sf "http://127.0.0.1:$port/q/health/live" > /dev/null && break
      pid_alive "$STATE/$name.pid" || die "$name exited; see $STATE/logs/$name.log"
      sleep 0.2
    done
    log "$name up: http://127.0.0.1:$port (OpenAPI: /q/openapi, health: /q/health)"
  done
  if [ "$TRAINERS" -gt 1 ]; then
    log "$TRAINERS trainers share the training jobs (consumer group trainer-jobs on training-jobs)," \
      "${threads:-default} libtorch threads each; logs: $STATE/logs/trainer-service*.log"
  fi
  log "authentication is off and the services listen on 127.0.0.1 only: anyone on this machine may call them" \
    "(the Helm chart turns bearer tokens on; see docs/deployment.md#users-tokens-and-roles)"
  log "inference and saliency serve 'latest': each new final checkpoint replaces the served model" \
    "(the Helm chart serves 'production', which only an admin moves: PUT /models/{id}/aliases/production)"
}

services_down() {
  local s
  for s in "${SERVICES[@]}" $(started_trainers); do stop_pid "${s%%:*}" "$STATE/${s%%:*}.pid"; done
}

services_status() {
  local s
  for s in "${SERVICES[@]}" $(started_trainers | grep -v '^trainer-service:'); do
    local name="${s%%:*}" port="${s##*:}"
    pid_alive "$STATE/$name.pid" && echo "$name: running on http://127.0.0.1:$port" || echo "$name: stopped"
  done
}

# ------------------------------------------------------------------------------------------- tools
cli_java() { # main-class args...: runs a class of the cli module (main job, synthetic data)
  build_services
  java -Xmx2g -Dai.djl.offline=true -cp "tools/cli/target/cli-0.1.0-SNAPSHOT.jar:tools/cli/target/lib/*" "$@"
}

post_event() { # file.json
  [ -f "${1:-}" ] || die "usage: ./run.sh post FILE.json"
  build_infra
  local key
  key=$(tr -d '\n' < "$1" | sed -n 's/.*"datasetId"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
  printf '%s|%s\n' "$key" "$(tr -d '\n' < "$1")" | kafka_tool org.apache.kafka.tools.ConsoleProducer \
    --bootstrap-server "$KAFKA_BOOTSTRAP" --topic dataset-ready \
    --property parse.key=true --property key.separator='|'
  log "posted $1 to dataset-ready (key $key)"
}

main_job() {
  infra_up
  services_up
  local stop_after=false args=()
  for a in "$@"; do
    if [ "$a" = "--stop-after" ]; then stop_after=true; else args+=("$a"); fi
  done
  local status=0
  cli_java io.ferperturb.cli.MainJob --perturb "http://127.0.0.1:8081" --work "$STATE/main-job" "${args[@]}" || status=$?
  if $stop_after; then
    services_down; infra_down
  else
    log "services keep running (console: http://127.0.0.1:8081/console/); stop everything with: ./run.sh down"
  fi
  return $status
}

# ------------------------------------------------------------------------------------------ verify-cuda
verify_cuda() { # the -Pcuda trainer on this machine: which libtorch it loads, which device it picks, a few steps
  local app=trainer-service/target/cuda port="${VERIFY_CUDA_PORT:-8089}" started=$SECONDS
  local tlog="$STATE/logs/trainer-cuda.log"
  VERIFY_PIDFILE="$STATE/trainer-cuda.pid" VERIFY_INFRA_WAS_UP=false # globals: the exit trap reads them
  pid_alive "$STATE/trainer-service.pid" && die "the trainer of './run.sh up' is running and would take the job too;" \
    "stop it first (./run.sh down)"
  log "building the trainer with -Pcuda into $app (the CPU build in target/quarkus-app stays as it is);" \
    "the first run downloads pytorch-native-cu124 (~2.3 GB)"
  "${MVN[@]}" -Pcuda -DskipTests -pl trainer-service -am package -Dquarkus.package.output-directory=cuda
  local native; native=$(cd "$app/lib/main" && ls ai.djl.pytorch.pytorch-native-*.jar)
  [[ "$native" == *pytorch-native-cu* ]] || die "$app holds $native, not the CUDA libtorch"
  local built=$((SECONDS - started))

  pid_alive "$STATE/kafka.pid" && pid_alive "$STATE/s3.pid" && VERIFY_INFRA_WAS_UP=true
  infra_up
  service_env
  stop_verify() {
    stop_pid "CUDA trainer" "$VERIFY_PIDFILE"
    [ "$VERIFY_INFRA_WAS_UP" = true ] || infra_down
  }
  trap stop_verify EXIT

  # random faces, 56 Training and 14 each of PublicTest and PrivateTest: enough for a few steps (nothing to learn)
  local csv="$STATE/verify-cuda.csv"
  awk 'BEGIN { srand(7); print "emotion,pixels,Usage"; split("Training PublicTest PrivateTest", usage, " ")
    split("56 14 14", count, " ")
    for (s = 1; s <= 3; s++) for (i = 0; i < count[s]; i++) {
      row = i % 7 ","; for (p = 0; p < 2304; p++) row = row (p ? " " : "") int(rand() * 256); print row "," usage[s] } }' > "$csv"
  curl -sf -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: $(sha256sum "$csv" | cut -d' ' -f1)" -T "$csv" "$S3_ENDPOINT_URL/datasets/verify-cuda/faces.csv" \
    || die "uploading $csv to s3://datasets/verify-cuda/faces.csv failed"

  # its own consumer group, from the newest event on: older dataset-ready events are not trained again
  log "starting the CUDA trainer on :$port (FER_TRAINER_DEVICE=auto; log: $tlog)"
  mkdir -p "$STATE/logs"
  QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" FER_AUTH_ENABLED=false FER_TRAINER_DEVICE=auto \
    MP_MESSAGING_INCOMING_DATASET_READY_GROUP_ID="trainer-verify-cuda-$(date +%s)" \
    MP_MESSAGING_INCOMING_DATASET_READY_AUTO_OFFSET_RESET=latest DJL_CACHE_DIR="$STATE/djl-cuda" \
    nohup java -Xmx2g -Dai.djl.offline=true -jar "$app/quarkus-run.jar" > "$tlog" 2>&1 &
  echo $! > "$VERIFY_PIDFILE"
  wait_port "CUDA trainer" "$port" 180

  local event_id epochs=2 batch=8 trained_from=$SECONDS
  event_id=$(cat /proc/sys/kernel/random/uuid)
  # the job id the trainer derives: UUID.nameUUIDFromBytes(eventId + "#0")
  local h; h=$(printf '%s#0' "$event_id" | md5sum | cut -c1-32)
  h="${h:0:12}$(printf %02x $(((0x${h:12:2} & 0x0f) | 0x30)))${h:14:2}$(printf %02x $(((0x${h:16:2} & 0x3f) | 0x80)))${h:18}"
  local job="${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}" record="" state=""
  local event="{\"eventId\":\"$event_id\",\"datasetId\":\"verify-cuda\",\"uri\":\"s3://datasets/verify-cuda/faces.csv\",
    \"format\":\"fer2013-csv\",\"variant\":\"original\",\"training\":[{\"architecture\":\"cnn\",\"epochs\":$epochs,
    \"batchSize\":$batch,\"learningRate\":0.01,\"seed\":42,\"modelId\":\"verify-cuda-cnn\"}]}"
  for ((i = 0; i < 600; i++)); do
    # posted again until the trainer has it: its new consumer may not have its partition yet (same event, same job)
    if ((i % 20 == 0)) && [ -z "$record" ]; then
      curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$event" "http://127.0.0.1:$port/jobs" \
        || die "POST /jobs refused the event; see $tlog"
    fi
    record=$(curl -sf "http://127.0.0.1:$port/jobs/$job" || true)
    state=$(printf '%s' "$record" | sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
    case "$state" in succeeded|failed|cancelled) break ;; esac
    pid_alive "$VERIFY_PIDFILE" || die "the CUDA trainer exited; see $tlog"
    sleep 1
  done
  local took=$((SECONDS - trained_from))

  local loaded device epoch_lines
  loaded=$(grep -o 'CUDA libtorch .* to run on the CPU\|Found matching platform from: [^ ]*' "$tlog" | head -1)
  device=$(sed -n 's/.*: training .* epochs on \([^ ]*\).*/\1/p' "$tlog" | head -1)
  epoch_lines=$(grep -c "job $job epoch " "$tlog" || true)
  echo
  echo "== verify-cuda summary"
  echo "libtorch packaged : $native"
  echo "libtorch loaded   : ${loaded:-(no line about it in $tlog)}"
  echo "DJL's GPU probe   : $(grep -o 'Failed to detect GPU count: .*' "$tlog" | head -1 || true)"
  echo "device chosen     : ${device:-none} (FER_TRAINER_DEVICE=auto)"
  echo "job               : $job ${state:-not seen} (GET http://127.0.0.1:$port/jobs/$job)"
  echo "steps trained     : $((epoch_lines * ((56 + batch - 1) / batch))) ($epoch_lines of $epochs epochs, 56 Training images, batch $batch)"
  grep "job $job epoch \|job $job: .*PrivateTest\|job $job failed" "$tlog" | sed 's/^/  /' || true
  echo "time              : build ${built} s, start and training ${took} s, all $((SECONDS - started)) s"
  [ "$state" = succeeded ] || die "the job did not succeed; see $tlog"
}

bench_scale() { # [--trainers N] [bench options]: the stack with N one-thread trainers, the jobs, then the stack stopped
  local args=() infra_was_up=false
  while [ $# -gt 0 ]; do
    case "$1" in
      --trainers) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "usage: ./run.sh bench scale --trainers N ..."; TRAINERS="$2"; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  pid_alive "$STATE/kafka.pid" && pid_alive "$STATE/s3.pid" && infra_was_up=true
  # the trainers must start with the thread count and replica count measured: running services are restarted
  services_down
  export FER_TRAINER_THREADS="${FER_TRAINER_THREADS:-1}"
  infra_up
  services_up
  local urls="" s status=0
  for s in $(trainer_replicas); do urls+="${urls:+,}http://127.0.0.1:${s##*:}"; done
  java -Xmx1g -Dai.djl.offline=true -cp "tools/bench/target/bench-0.1.0-SNAPSHOT.jar:tools/bench/target/lib/*" \
    io.ferperturb.bench.Bench scale --perturb "http://127.0.0.1:8081" --trainer-urls "$urls" --state "$STATE" \
    --restart "FER_TRAINER_THREADS=$FER_TRAINER_THREADS '$ROOT/run.sh' services-up --trainers $TRAINERS" "${args[@]}" \
    || status=$?
  services_down
  $infra_was_up || infra_down
  return $status
}

case "${1:-}" in
  "") main_job ;;
  --*) main_job "$@" ;;
  infra)
    case "${2:-}" in
      up) infra_up ;;
      down) infra_down ;;
      status) infra_status ;;
      *) die "usage: ./run.sh infra up|down|status" ;;
    esac ;;
  services-up) # the services only, Kafka and S3 running already (the scale benchmark restarts a trainer with it)
    shift
    [ "${1:-}" = --trainers ] && [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] && TRAINERS="$2"
    services_up ;;
  up)
    shift
    while [ $# -gt 0 ]; do
      case "$1" in
        --trainers) [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "usage: ./run.sh up [--trainers N], N >= 1"; TRAINERS="$2"; shift 2 ;;
        *) die "unknown option '$1' of up; usage: ./run.sh up [--trainers N]" ;;
      esac
    done
    infra_up; services_up ;;
  down) services_down; infra_down ;;
  status) infra_status; services_status ;;
  synth) shift; cli_java io.ferperturb.cli.SynthCommand "$@" ;;
  post) shift; post_event "$@" ;;
  test) exec mvn -B verify ;;
  verify-cuda) verify_cuda ;;
  bench)
    shift
    if [ ! -f tools/bench/target/bench-0.1.0-SNAPSHOT.jar ] || [ ! -d tools/bench/target/lib ]; then
      log "building the benchmarks (first run only)"
      "${MVN[@]}" -DskipTests install -pl tools/bench -am
    fi
    if [ "${1:-}" = scale ]; then shift; bench_scale "$@"; exit; fi
    # the perturb benchmark and the Quarkus mode of the inference one need Kafka and S3
    if [ "${1:-}" = perturb ] || { [ "${1:-}" = infer ] && [[ " $* " == *" --server quarkus"* ]]; }; then infra_up; fi
    service_env
    exec java -Xmx4g -Dai.djl.offline=true -cp "tools/bench/target/bench-0.1.0-SNAPSHOT.jar:tools/bench/target/lib/*" \
      io.ferperturb.bench.Bench "$@" ;;
  *) die "unknown command '$1'; see the top of run.sh" ;;
esac
