#!/usr/bin/env bash
# A one-node Ceph cluster with a RADOS Gateway speaking S3 with Object Lock,
# on 127.0.0.1 only, for the evidence-locker tests (issue #21).
#
#   tests/locker/ceph.sh up     start it (bootstrapping it the first time) and
#                               print the environment the tests read
#   tests/locker/ceph.sh down   stop the daemons it started (DIR is kept)
#   tests/locker/ceph.sh wipe   stop them and remove DIR
#
# DIR is $SCELLE_LOCKER_DIR (default /var/tmp/scelle-locker): one monitor, one
# OSD (BlueStore on a sparse 8 GiB file), one radosgw on $SCELLE_LOCKER_PORT
# (default 7480), cephx on, and an S3 user whose keys are in DIR/env.
# Needs Debian's ceph-mon, ceph-osd, radosgw and ceph-common.
set -euo pipefail

dir=${SCELLE_LOCKER_DIR:-/var/tmp/scelle-locker}
port=${SCELLE_LOCKER_PORT:-7480}
conf=$dir/ceph.conf
ceph_cli=(ceph -c "$conf" --connect-timeout 15)

say() { echo "ceph-locker: $*" >&2; }
trap 'say "failed (exit $?) at line $LINENO; logs in $dir/log"' ERR
running() { [ -f "$dir/run/$1.pid" ] && kill -0 "$(cat "$dir/run/$1.pid")" 2>/dev/null; }
answers() { curl -fs -o /dev/null "http://127.0.0.1:$port/"; }
wait_for() { # seconds, what, command...
    local seconds=$1 what=$2; shift 2
    for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
    say "$what did not come up in ${seconds}s; logs in $dir/log"; exit 1
}

stop() {
    for daemon in client.rgw.a osd.0 mon.a; do
        if running "$daemon"; then
            local pid; pid=$(cat "$dir/run/$daemon.pid")
            kill "$pid"
            for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
}

bootstrap() {
    say "bootstrapping a new cluster in $dir"
    mkdir -p "$dir"/{mon,osd,rgw,run,log}
    local fsid osd_uuid
    fsid=$(cat /proc/sys/kernel/random/uuid)
    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    cat > "$conf" <<EOF
[global]
fsid = $fsid
mon initial members = a
mon host = v2:127.0.0.1:3300
public addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 1
# The monitor refuses to start below 5 % free by default; a test cluster
# on a busy build machine must not fail for that.
mon data avail crit = 1
mon max pg per osd = 1000
osd crush chooseleaf type = 0
osd objectstore = bluestore
bluestore block create = true
bluestore block size = 8589934592
bluestore cache autotune = false
bluestore cache size = 134217728
osd memory target = 939524096
osd op num shards = 1
osd op num threads per shard = 2
run dir = $dir/run
log file = $dir/log/\$name.log
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
keyring = $dir/keyring
[mon.a]
mon data = $dir/mon
[osd.0]
osd data = $dir/osd
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw data = $dir/rgw
rgw thread pool size = 64
EOF
    local keyring=$dir/keyring
    ceph-authtool --create-keyring "$keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-authtool "$keyring" --gen-key -n client.admin \
        --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
    ceph-authtool "$keyring" --gen-key -n osd.0 \
        --cap mon 'allow profile osd' --cap osd 'allow *' >/dev/null
    ceph-authtool "$keyring" --gen-key -n client.rgw.a \
        --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null
    chmod 600 "$keyring"
    monmaptool --create --fsid "$fsid" --addv a '[v2:127.0.0.1:3300]' "$dir/monmap" >/dev/null
    ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$keyring"
    ceph-mon -c "$conf" -i a 9>&-
    wait_for 60 "the monitor" "${ceph_cli[@]}" mon stat
    [ "$("${ceph_cli[@]}" osd new "$osd_uuid")" = 0 ]
    ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" > "$dir/log/osd-mkfs.log" 2>&1
    touch "$dir/bootstrapped"
}

up() {
    if [ ! -f "$dir/bootstrapped" ]; then
        stop; rm -rf "$dir"; bootstrap
    fi
    running mon.a || ceph-mon -c "$conf" -i a 9>&-
    wait_for 60 "the monitor" "${ceph_cli[@]}" mon stat
    running osd.0 || ceph-osd -c "$conf" -i 0 9>&-
    wait_for 90 "the OSD" bash -c "${ceph_cli[*]} osd stat | grep -q '1 up'"
    running client.rgw.a || radosgw -c "$conf" -n client.rgw.a 9>&-
    wait_for 120 "radosgw" answers
    if [ ! -f "$dir/env" ]; then
        local access secret
        access=SCELLE$(head -c 10 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
        secret=$(head -c 30 /dev/urandom | base64 | tr -d '/+=')
        radosgw-admin -c "$conf" -n client.admin user create --uid=scelle \
            --display-name="scelle tests" --access-key="$access" --secret-key="$secret" >/dev/null
        cat > "$dir/env.new" <<EOF
SCELLE_TEST_S3_ENDPOINT=http://127.0.0.1:$port
SCELLE_TEST_S3_ACCESS_KEY_ID=$access
SCELLE_TEST_S3_SECRET_ACCESS_KEY=$secret
SCELLE_TEST_S3_REGION=us-east-1
EOF
        mv "$dir/env.new" "$dir/env"
    fi
    say "S3 with Object Lock at http://127.0.0.1:$port (environment in $dir/env)"
    cat "$dir/env"
}

# One caller at a time (test binaries run in parallel). The daemons are
# started with the lock's descriptor closed (9>&-): they would hold it forever.
mkdir -p "$(dirname "$dir")"
exec 9> "$dir.lock"
flock 9

case ${1:-} in
    up) up ;;
    down) stop ;;
    wipe) stop; rm -rf "$dir" ;;
    *) echo "usage: $0 up|down|wipe" >&2; exit 2 ;;
esac
