#!/usr/bin/env bash
# Council Hall demo: a small, realistic month of council work in Qiaoxi, made entirely through councilctl, and the
# scorecard and annual assessment it produces.
#
#   Examples/council-demo.sh              build, start `councild --memory --demo` on a free port, make the data,
#                                         print the reports, stop the server
#   Examples/council-demo.sh --no-build   use the binaries already in .build
#
# Needs bash, swift (unless --no-build) and a councild that can listen on 127.0.0.1. Nothing is written outside the
# server's memory; the server is stopped on exit, even on failure. Times are relative to now, UTC+8.
#
# What it makes, on the demo directory's placeholder communities (示例社区01–03):
#   QX01  a district leader's link (包联 L01) with a visit this month that raises a case; a unit's link to a
#         compound with volunteer service; a cadre paired with a household in difficulty, visited; representatives
#         elected; a council meeting in each of the three weeks before this one, and one today that resolves a
#         case; three cases around the loop — one satisfied, one basically satisfied after the meeting's
#         resolution, one reworked after a dissatisfied rating and then satisfied.
#   QX02  a leader's link without a visit; a heart-to-heart talk today; two cases — heating with an approved
#         extension (satisfied), noise (dissatisfied, not solved).
#   QX03  no link, no meeting; one case declined, one still with the unit.
# Then it prints, on stdout:  councilctl scorecard --community QX01
#                             councilctl assessment --top 5
# Everything else — what each step did — goes to stderr.
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ "${1:-}" != "--no-build" ]]; then
    swift build --product councild >&2
    swift build --product councilctl >&2
fi
BIN="$(swift build --show-bin-path)"
[[ -x "$BIN/councild" && -x "$BIN/councilctl" ]] || { echo "council-demo: build councild and councilctl first" >&2; exit 1; }

# Start the server on a free port; its demo banner says which.
LOG="$(mktemp -t council-demo.XXXXXX)"
"$BIN/councild" --memory --demo --listen 127.0.0.1:0 --log-level warning 2>"$LOG" &
DAEMON=$!
trap 'kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null; rm -f "$LOG" "${RECORD:-}"' EXIT
for _ in $(seq 1 100); do
    ADDRESS="$(sed -n 's/.*running in demo mode on \([0-9.]*:[0-9]*\).*/\1/p' "$LOG" | head -n 1)"
    [[ -n "$ADDRESS" ]] && break
    kill -0 "$DAEMON" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$ADDRESS" ]] || { echo "council-demo: councild did not start" >&2; cat "$LOG" >&2; exit 1; }
export COUNCIL_SERVER="$ADDRESS" COUNCIL_SYSTEM=hall-staff COUNCIL_KEY=demo-hall-staff
# ctl: run councilctl; its notes go to stderr. quiet: the same, with what it prints sent to stderr too, so stdout
# carries only the reports at the end (Examples/council-demo.sh 2>/dev/null prints them alone).
ctl() { "$BIN/councilctl" "$@"; }
quiet() { "$BIN/councilctl" "$@" >&2; }
echo "councild on $ADDRESS" >&2

# Dates in UTC+8: today, the Monday of this week, and a time on a given day.
day() { TZ=Asia/Shanghai date -d "$1" +%F; }
TODAY="$(day today)"
MONDAY="$(day "$TODAY -$(( $(TZ=Asia/Shanghai date -d "$TODAY" +%u) - 1 )) days")"
RECORD="$(mktemp -t council-record.XXXXXX)"

# --- The linkage (三级联动) ----------------------------------------------------------------------------------------
L01="$(ctl link establish --kind leaderCommunity --holder L01 --target QX01 --start "$(day "$TODAY -45 days")")"
quiet link establish --kind leaderCommunity --holder L02 --target QX02 --start "$(day "$TODAY -20 days")"
UM="$(ctl link establish --kind unitCompound --holder UM --target QX01-C1 --start "$(day "$TODAY -45 days")")"
CD="$(ctl link establish --kind cadreHousehold --holder CD01 --target QX01-C1-B1-H1 --start "$(day "$TODAY -45 days")")"
quiet visit log --link "$UM" --at "$(day "$TODAY -6 days") 09:00" --person CD01 --person CD07 --hours 3 --note "清理楼道小广告，修剪绿化"
quiet visit log --link "$CD" --at "$(day "$TODAY -3 days") 15:00" --person CD01 --note "入户走访，了解取暖情况" --help-given "送米面油"
VISIT="$(ctl visit log --link "$L01" --at "$(day "$TODAY -2 days") 10:00" --person L01 --note "走访议事厅，听取居民意见")"

# --- Representatives (居民代表) -------------------------------------------------------------------------------------
quiet elect --community QX01 --on "$(day "$TODAY -60 days")" --method householdVote \
    --candidate RP01=126 --candidate RP02=98 --candidate VL01=17 --elected RP01,RP02 \
    --term-start "$(day "$TODAY -60 days")" --term-end "$(day "$TODAY +3 years")"

# --- QX01: weekly meetings in the three weeks before this one (free topics) -----------------------------------------
for weeks in 3 2 1; do
    at="$(day "$MONDAY -$(( weeks * 7 - 2 )) days") 19:00"      # the Wednesday of that week
    m="$(ctl meetings schedule --community QX01 --at "$at" --place-kind hall --place 社区议事厅 --format jointMeeting \
        --convener HS01 --invite representative:RP01 --invite representative:RP02 --invite resident --topic "本周居民诉求梳理" \
        --no-waiting-cases)"
    cat >"$RECORD" <<EOF
{"heldAt": "$at", "attendees": ["HS01", "RP01", "RP02"], "residents": $(( 6 + weeks )),
 "minutes": "梳理本周居民诉求，形成办理清单。",
 "items": [{"item": 1, "debate": "楼道照明、垃圾清运、停车秩序"}]}
EOF
    quiet meetings hold "$m" --record "$RECORD"
done

# --- QX01: three cases ----------------------------------------------------------------------------------------------
# 1. Clutter in a stairwell: the property company clears it; satisfied.
A="$(ctl submit --title "3号楼楼道堆放杂物" --description "楼道堆放纸箱旧家具，存在消防隐患" --community QX01 --compound QX01-C1 \
    --building QX01-C1-B3 --category property --submitter-name 王秀兰 --submitter-phone 13803130001)"
quiet accept "$A"
quiet dispatch "$A" --unit PC03 --instructions "三日内清理并张贴提示"
quiet resolve "$A" --summary "已清理楼道杂物，张贴消防提示"
quiet feedback "$A" --channel phone --message "已电话告知清理结果"
quiet evaluate "$A" --rating satisfied --solved
quiet close "$A"

# 2. Rubbish not collected: tonight's meeting resolves it; the city management bureau carries it out.
B="$(ctl submit --title "小区垃圾清运不及时" --description "东侧垃圾站三天未清运，异味严重" --community QX01 --compound QX01-C1 \
    --category environment --submitter-name 张建国 --submitter-phone 13903130002)"
quiet accept "$B"
MEETING="$(ctl meetings schedule --community QX01 --at "$TODAY 19:00" --place-kind corridor --place 1号楼议事廊 \
    --format jointMeeting --convener HS01 --invite representative:RP01 --invite representative:RP02 --invite unit:UM \
    --invite propertyCompany:PC03 --invite resident --case "$B" --topic "楼道照明")"
cat >"$RECORD" <<EOF
{"heldAt": "$TODAY 19:00", "attendees": ["HS01", "RP01", "RP02"], "residents": 11,
 "minutes": "居民反映垃圾清运不及时，城管局、物业公司到会说明，议定每日清运。",
 "items": [
   {"case": "$B", "questions": "清运为何延误？", "answers": "清运车辆故障，已修复", "debate": "居民要求每日清运并公示时间",
    "resolution": {"decision": "城管局督促每日清运，物业公司公示清运时间", "unit": "UM",
                   "deadline": "$(day "$TODAY +10 days")", "vote": [14, 1, 1]}},
   {"item": 2, "debate": "1号楼楼道灯损坏，物业公司当场答复本周修复"}]}
EOF
quiet meetings hold "$MEETING" --record "$RECORD"
quiet progress "$B" --note "已恢复每日清运"
quiet resolve "$B" --summary "恢复每日清运，清运时间已在单元门公示"
quiet feedback "$B" --channel meeting --message "在议事廊向居民通报"
quiet evaluate "$B" --rating basicallySatisfied --solved --comment "希望保持"

# 3. A street light raised on the leader's visit: handled by the community, reworked once.
C="$(ctl visit raise-case "$VISIT" --title "小区路灯不亮" --description "2号楼北侧路灯一周不亮" --category infrastructure \
    --place "2号楼北侧")"
quiet accept "$C"
quiet handle-locally "$C" --note "社区联系物业维修"
quiet resolve "$C" --summary "已更换灯泡"
quiet feedback "$C" --channel inPerson --message "上门告知"
quiet evaluate "$C" --rating dissatisfied --no-solved --comment "换后当晚又不亮"
quiet rework "$C" --reason "线路故障未排除"
quiet resolve "$C" --summary "更换老化线路，连续三晚正常"
quiet feedback "$C" --channel inPerson --message "上门告知"
quiet evaluate "$C" --rating satisfied --solved

# --- QX02: a heart-to-heart talk and two cases ----------------------------------------------------------------------
m="$(ctl meetings schedule --community QX02 --at "$TODAY 15:00" --place-kind pavilion --place 小区议事亭 \
    --format heartToHeartTalk --convener HS02 --invite representative:RP03 --invite resident --topic "冬季供暖")"
cat >"$RECORD" <<EOF
{"heldAt": "$TODAY 15:00", "attendees": ["HS02", "RP03"], "residents": 8,
 "items": [{"item": 1, "debate": "部分楼栋室温偏低，供热公司到场说明"}]}
EOF
quiet meetings hold "$m" --record "$RECORD"

D="$(ctl submit --title "室内温度不达标" --description "5号楼室温仅14度" --community QX02 --category heating \
    --submitter-name 刘淑芬 --submitter-phone 13703130004)"
quiet accept "$D"
quiet dispatch "$D" --unit HEAT
quiet request-extension "$D" --length 2 --reason "需更换入户阀门，等待配件"
quiet approve-extension "$D" --approver L02 --message "配件到货后立即更换"
quiet resolve "$D" --summary "更换阀门，室温20度"
quiet feedback "$D" --channel phone --message "电话回访"
quiet evaluate "$D" --rating satisfied --solved

E="$(ctl submit --title "夜间施工噪音扰民" --description "临街工地夜间施工" --community QX02 --category noise)"
quiet accept "$E"
quiet dispatch "$E" --unit EP
quiet resolve "$E" --summary "已责令工地夜间停工"
quiet feedback "$E" --channel phone --message "电话告知"
quiet evaluate "$E" --rating dissatisfied --no-solved --comment "仍有夜间施工"

# --- QX03: one declined, one with the unit --------------------------------------------------------------------------
F="$(ctl submit --title "邻里纠纷" --description "楼上漏水赔偿争议" --community QX03 --category dispute --source hotline)"
quiet decline "$F" --reason "属民事纠纷，已引导通过人民调解解决"
G="$(ctl submit --title "外墙瓷砖脱落" --description "7号楼外墙瓷砖掉落" --community QX03 --category property)"
quiet accept "$G"
quiet dispatch "$G" --unit HC

quiet commend --person RP01 --community QX01 --reason "热心参与议事协商，带头化解邻里矛盾" --awarded-by 桥西区委

# --- The reports ----------------------------------------------------------------------------------------------------
echo "\$ councilctl scorecard --community QX01"
ctl scorecard --community QX01
echo
echo "\$ councilctl assessment --top 5"
ctl assessment --top 5
