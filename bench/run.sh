#!/usr/bin/env bash
# The benchmark: scelle against the tools a responder or an expert would use
# instead, on the same data, in the same run. Writes bench/results/*.json and
# prints the table that goes into docs/BENCHMARKS.md.
#
# usage: bench/run.sh [DATA_DIR] [RUNS]     (needs hyperfine dc3dd ewf-tools hashdeep zstd)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-/tmp/scelle-bench}
runs=${2:-3}
here=$(pwd)
results="$here/bench/results"
mkdir -p "$results"
cargo build --release -q -p scelle-cli
scelle="$here/target/release/scelle"
python3 bench/generate.py "$data" ${BENCH_D3:+--d3}
cd "$data"
[ -f k.key ] || "$scelle" key generate --no-password --out k >/dev/null
# Warm the page cache: every tool reads from memory, as in a second run.
cat d1.img > /dev/null; tar -cf - d2 > /dev/null

bench() { # name, then hyperfine arguments
    local name=$1; shift
    hyperfine --runs "$runs" --warmup 0 --export-json "$results/$name.json" "$@"
}

bench freeze-d1 --prepare 'rm -rf o && mkdir o' \
    -n "scelle freeze" "$scelle freeze --key k.key --out o --id b d1.img" \
    -n "tar | zstd -T0 -3" "tar -cf - d1.img | zstd -q -T0 -3 > o/t.tar.zst" \
    -n "sha256sum + tar | zstd + sha256sum" "sha256sum d1.img > o/sums && tar -cf - d1.img | zstd -q -T0 -3 > o/t.tar.zst && sha256sum o/t.tar.zst"

bench image-d1 --prepare 'rm -rf o ewf.* dc3dd.out && mkdir o' \
    -n "scelle freeze --image" "$scelle freeze --key k.key --out o --id b --image d1.img" \
    -n "dc3dd hash=sha256" "dc3dd if=d1.img of=dc3dd.out hash=sha256 log=/dev/null 2>/dev/null" \
    -n "ewfacquire (fast, sha256)" "ewfacquire -u -t ewf -d sha256 -c fast -q d1.img >/dev/null 2>&1"

# A 50 GiB sparse file holding 12 KiB of data: the holes are not read, but
# they are hashed and compressed as the zeros they are (issue #23's target).
if [ ! -f sparse/s.img ]; then
    mkdir -p sparse && truncate -s 50G sparse/s.img
    for at in 0 25600 51199; do # MiB
        head -c 4096 /dev/urandom | dd of=sparse/s.img bs=1M seek="$at" conv=notrunc status=none
    done
fi
bench freeze-sparse --prepare 'rm -rf o && mkdir o' \
    -n "scelle freeze" "$scelle freeze --key k.key --out o --id b sparse" \
    -n "tar -S | zstd -T0 -3" "tar -S -cf - sparse | zstd -q -T0 -3 > o/t.tar.zst"

# 1 MiB of bad sectors in a 64 MiB block device: a loop device (direct I/O)
# over a file of the e2e tests' FUSE server that answers EIO at 32 MiB.
faulty="$data/faulty"
rm -rf "$faulty" && mkdir -p "$faulty"
SCELLE_BENCH_FAULTY="$faulty" cargo test --release -q -p scelle-cli --test e2e -- \
    --ignored --exact image::serve_a_faulty_disk_for_the_bench >"$faulty/server.log" 2>&1 &
server=$!
for _ in $(seq 600); do [ -f "$faulty/device" ] || sleep 1; done
device=$(cat "$faulty/device")
# Both exit non-zero on a read error: -i keeps the timing.
bench image-bad-sectors -i --prepare 'rm -rf o dc3dd.out && mkdir o && echo 3 > /proc/sys/vm/drop_caches' \
    -n "scelle freeze --image" "$scelle freeze --key k.key --out o --id b --image $device" \
    -n "dc3dd hash=sha256" "dc3dd if=$device of=dc3dd.out hash=sha256 log=/dev/null 2>/dev/null"
touch "$faulty/stop"; wait "$server" || true

# Signing through each key holder (issue #20): a 1 MiB file signed with a key
# file, an ssh-agent key and a SoftHSM2 token key (needs openssh-client, softhsm2).
holders="$data/holders"
rm -rf "$holders" && mkdir -p "$holders/tokens"
head -c 1M /dev/urandom > "$holders/f"
ssh-keygen -q -t ed25519 -N "" -f "$holders/id"
export SSH_AUTH_SOCK="$holders/agent.sock"
eval "$(ssh-agent -a "$SSH_AUTH_SOCK" -s)" > /dev/null && ssh-add -q "$holders/id"
printf 'directories.tokendir = %s\n' "$holders/tokens" > "$holders/softhsm2.conf"
export SOFTHSM2_CONF="$holders/softhsm2.conf"
softhsm2-util --init-token --free --label bench --pin 1234 --so-pin 5678 > /dev/null
echo 1234 > "$holders/pin"
uri="pkcs11:token=bench;object=k?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:$holders/pin"
"$scelle" key generate --out "$holders/t" --pkcs11 "$uri" > /dev/null
bench sign-key-holders --prepare "rm -f $holders/f.minisig" \
    -n "scelle sign --key FILE" "$scelle sign --key k.key $holders/f" \
    -n "scelle sign --key ssh-agent:" "$scelle sign --key ssh-agent: $holders/f" \
    -n "scelle sign --key pkcs11:" "$scelle sign --key '$uri' $holders/f" \
    -n "minisign -S (key file)" "minisign -S -s k.key -m $holders/f -x $holders/f.minisig"
ssh-agent -k > /dev/null

# Freezing D1 into the evidence locker (issue #21): the one-node Ceph cluster
# of the tests, a bucket with Object Lock made with curl's SigV4, peak RSS
# by GNU time beside hyperfine's timings.
set -a; eval "$(bash "$here/tests/locker/ceph.sh" up 2>/dev/null)"; set +a
export AWS_ACCESS_KEY_ID=$SCELLE_TEST_S3_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$SCELLE_TEST_S3_SECRET_ACCESS_KEY
export AWS_ENDPOINT_URL=$SCELLE_TEST_S3_ENDPOINT
bucket=bench-$(date +%s)
curl -fs --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -H "x-amz-bucket-object-lock-enabled: true" \
    -X PUT "$AWS_ENDPOINT_URL/$bucket"
until=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)
bench freeze-locker-d1 --prepare 'rm -rf o && mkdir o' \
    -n "scelle freeze --out DIR" "$scelle freeze --key k.key --out o --id b d1.img" \
    -n "scelle freeze --out s3://" "$scelle freeze --key k.key --path-style --out s3://$bucket/x --retain-until $until --custody-out o/b.custody.jsonl --temp-dir o --id b d1.img"
rm -rf o && mkdir o
/usr/bin/time -f "peak RSS, freeze --out DIR: %M KiB" "$scelle" freeze --key k.key --out o --id m d1.img > /dev/null
rm -rf lk && mkdir lk
/usr/bin/time -f "peak RSS, freeze --out s3://: %M KiB" "$scelle" freeze --key k.key --path-style \
    --out "s3://$bucket/m" --retain-until "$until" --custody-out lk/m2.custody.jsonl --temp-dir lk --id m2 \
    --json d1.img > lk/m2.json
locked_seal=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["seal_sha256"])' lk/m2.json)

bench freeze-d2 --prepare 'rm -rf o && mkdir o' \
    -n "scelle freeze" "$scelle freeze --key k.key --out o --id b d2" \
    -n "tar | zstd -T0 -3" "tar -cf - d2 | zstd -q -T0 -3 > o/t.tar.zst" \
    -n "sha256sum + tar | zstd + sha256sum" "find d2 -type f -exec sha256sum {} + > o/sums && tar -cf - d2 | zstd -q -T0 -3 > o/t.tar.zst && sha256sum o/t.tar.zst" \
    -n "hashdeep -r -c sha256" "hashdeep -r -c sha256 d2 > o/hashdeep.txt"

# Baseline and audit against hashdeep on D2.
rm -f base.baseline base.baseline.minisig
"$scelle" baseline --key k.key --out base.baseline d2 > /dev/null
hashdeep -r -c sha256 d2 > known.hashdeep
bench baseline-d2 --prepare 'rm -f o/b.baseline o/b.baseline.minisig; mkdir -p o' \
    -n "scelle baseline" "$scelle baseline --key k.key --out o/b.baseline d2" \
    -n "hashdeep -r -c sha256" "hashdeep -r -c sha256 d2 > o/h.txt"
bench audit-d2 \
    -n "scelle audit" "$scelle audit --baseline base.baseline --pubkey k.pub d2 > /dev/null" \
    -n "hashdeep audit (-a -k)" "hashdeep -r -c sha256 -a -k known.hashdeep d2 > /dev/null"

# The verify side needs one archive of each, and the peers' equivalents.
rm -rf v && mkdir v
"$scelle" freeze --key k.key --out v --id d1 d1.img > /dev/null
"$scelle" freeze --key k.key --out v --id d2 d2 > /dev/null
# --expect: without an anchor a valid seal is AUTHENTIC, exit 4, which hyperfine takes for a failure.
for d in d1 d2; do
    seal=$(sha256sum "v/$d.tar.zst" | cut -d' ' -f1)
    bench "verify-$d" --prepare "rm -rf x && mkdir x" \
        -n "scelle verify" "$scelle verify --pubkey k.pub --expect $seal v/$d.tar.zst" \
        -n "zstd -dc | tar -x && sha256sum -c" "zstd -dc v/$d.tar.zst | tar -x -C x && cd x/$d && sha256sum --quiet -c manifest-sha256.txt"
done

# Verifying D1 straight from the locker (issue #21) against the same check
# of a local copy, and both peaks.
cp lk/m2.custody.jsonl v/
"$scelle" locker fetch --path-style --expect "$locked_seal" --to v/m2.tar.zst "s3://$bucket/m/m2.tar.zst" > /dev/null
bench verify-locker-d1 \
    -n "scelle locker verify (streamed from the bucket)" "$scelle locker verify --path-style --pubkey k.pub --expect $locked_seal --log v/m2.custody.jsonl s3://$bucket/m/m2.tar.zst" \
    -n "scelle verify (local copy)" "$scelle verify --pubkey k.pub --expect $locked_seal v/m2.tar.zst"
/usr/bin/time -f "peak RSS, locker verify: %M KiB" "$scelle" locker verify --path-style --pubkey k.pub \
    --expect "$locked_seal" "s3://$bucket/m/m2.tar.zst" > /dev/null
/usr/bin/time -f "peak RSS, verify (local copy): %M KiB" "$scelle" verify --pubkey k.pub \
    --expect "$locked_seal" v/m2.tar.zst > /dev/null

python3 "$here/bench/report.py" "$results"
