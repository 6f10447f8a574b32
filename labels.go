package dealerkit

import (
	"maps"
	"slices"
)

// Lang is a language a Catalogue labels in.
type Lang string

// The languages every label has.
const (
	English Lang = "en"
	Chinese Lang = "zh-CN"
)

// Langs lists the languages every label must have.
func Langs() []Lang { return []Lang{English, Chinese} }

// Label is one key's text in every language.
type Label struct {
	EN string `json:"en"`
	ZH string `json:"zh"`
}

// In returns the label's text in lang, English when lang is not Chinese.
func (l Label) In(lang Lang) string {
	if lang == Chinese && l.ZH != "" {
		return l.ZH
	}
	return l.EN
}

// Labels maps label keys to their text. Each package returns its own from a Labels function;
// the keys are:
//
//   - an enumeration value: its LabelKey, "package.type.value" (aftersales.state.received);
//   - an error code: ErrorKey(code), "error." + code;
//   - a field reason: ReasonKey(r), "reason." + r;
//   - an event type: EventKey(t), "event." + t;
//   - a permission action: ActionKey(a), "action." + a.
type Labels map[string]Label

// ErrorKey is the label key of an error code.
func ErrorKey(c Code) string { return "error." + string(c) }

// ReasonKey is the label key of a field reason.
func ReasonKey(r Reason) string { return "reason." + string(r) }

// EventKey is the label key of an event type.
func EventKey(eventType string) string { return "event." + eventType }

// ActionKey is the label key of a permission action.
func ActionKey(a Action) string { return "action." + string(a) }

// Labelled is an enumeration value that has a label key.
type Labelled interface{ LabelKey() string }

// Catalogue is the labels a host shows: every enumeration value, error code, field reason, event
// type and action in Chinese and English. Build one from the packages' Labels and the host's own
// (later sets override earlier ones, so a dealer may rename anything):
//
//	cat := dealerkit.NewCatalogue(dealerkit.KernelLabels(), aftersales.Labels(), parts.Labels(),
//		dealerkit.Labels{"aftersales.state.ready": {EN: "Ready for pick-up", ZH: "待取车"}})
//
// A Catalogue is immutable once built and safe for concurrent use.
type Catalogue struct{ labels Labels }

// NewCatalogue merges sets in order; a later set's label replaces an earlier one's.
func NewCatalogue(sets ...Labels) *Catalogue {
	c := &Catalogue{labels: Labels{}}
	for _, s := range sets {
		maps.Copy(c.labels, s)
	}
	return c
}

// Text returns key's label in lang: English where lang has none, and the key itself when the
// catalogue lacks it, so a missing label shows as its code rather than as nothing.
func (c *Catalogue) Text(lang Lang, key string) string {
	if l, ok := c.labels[key]; ok {
		if t := l.In(lang); t != "" {
			return t
		}
	}
	return key
}

// Lookup returns key's label and whether the catalogue has it.
func (c *Catalogue) Lookup(key string) (Label, bool) {
	l, ok := c.labels[key]
	return l, ok
}

// Value labels an enumeration value.
func (c *Catalogue) Value(lang Lang, v Labelled) string { return c.Text(lang, v.LabelKey()) }

// Error labels err by its code (CodeOf); nil has no label.
func (c *Catalogue) Error(lang Lang, err error) string {
	if err == nil {
		return ""
	}
	code := CodeOf(err)
	if code == "" {
		return err.Error()
	}
	return c.Text(lang, ErrorKey(code))
}

// Reason labels a field reason.
func (c *Catalogue) Reason(lang Lang, r Reason) string { return c.Text(lang, ReasonKey(r)) }

// Event labels an event type.
func (c *Catalogue) Event(lang Lang, eventType string) string {
	return c.Text(lang, EventKey(eventType))
}

// Missing returns the keys, sorted, that the catalogue lacks or labels in fewer than every
// language of Langs. Label tests call it with every key their package defines.
func (c *Catalogue) Missing(keys ...string) []string {
	var out []string
	for _, k := range keys {
		l, ok := c.labels[k]
		if !ok || l.EN == "" || l.ZH == "" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Keys returns every key the catalogue holds, sorted.
func (c *Catalogue) Keys() []string { return slices.Sorted(maps.Keys(c.labels)) }

// LabelKey is the role's label key, "dealerkit.role.<name>".
func (r Role) LabelKey() string { return "dealerkit.role." + r.String() }

// LabelKey is the rounding mode's label key, "dealerkit.rounding_mode.<name>".
func (m RoundingMode) LabelKey() string { return "dealerkit.rounding_mode." + m.String() }

// RoundingModes lists every rounding mode.
func RoundingModes() []RoundingMode { return []RoundingMode{HalfUp, HalfEven, Down, Up} }

// KernelLabels returns the kernel's labels: the error classes, field reasons, roles, rounding
// modes and every action of the default permission table.
func KernelLabels() Labels {
	l := Labels{
		ErrorKey(CodeInvalid):   {EN: "Invalid input", ZH: "输入无效"},
		ErrorKey(CodeNotFound):  {EN: "Not found", ZH: "未找到"},
		ErrorKey(CodeForbidden): {EN: "Not permitted", ZH: "无权操作"},
		ErrorKey(CodeConflict):  {EN: "Changed by someone else; reload and try again", ZH: "记录已被他人修改，请刷新后重试"},
		ErrorKey(CodeRefused):   {EN: "Refused by a rule", ZH: "业务规则不允许"},

		ReasonKey(ReasonInvalid):          {EN: "invalid", ZH: "无效"},
		ReasonKey(ReasonRequired):         {EN: "required", ZH: "必填"},
		ReasonKey(ReasonUnknownValue):     {EN: "not one of the allowed values", ZH: "不是允许的取值"},
		ReasonKey(ReasonNegative):         {EN: "must not be negative", ZH: "不能为负数"},
		ReasonKey(ReasonNotPositive):      {EN: "must be greater than zero", ZH: "必须大于零"},
		ReasonKey(ReasonOutOfRange):       {EN: "out of range", ZH: "超出允许范围"},
		ReasonKey(ReasonTooLong):          {EN: "too long", ZH: "过长"},
		ReasonKey(ReasonBadFormat):        {EN: "wrong format", ZH: "格式不正确"},
		ReasonKey(ReasonControlCharacter): {EN: "contains a control character", ZH: "含有控制字符"},
		ReasonKey(ReasonInvalidUTF8):      {EN: "not valid UTF-8 text", ZH: "不是有效的 UTF-8 文本"},
		ReasonKey(ReasonWrongOrder):       {EN: "in the wrong order", ZH: "先后顺序不正确"},
		ReasonKey(ReasonDuplicate):        {EN: "given more than once", ZH: "重复"},
		ReasonKey(ReasonOtherDealer):      {EN: "belongs to another dealer", ZH: "属于其他经销商"},

		RoleManager.LabelKey():          {EN: "After-sales manager", ZH: "售后经理"},
		RoleServiceAdvisor.LabelKey():   {EN: "Service advisor", ZH: "服务顾问"},
		RoleTechnician.LabelKey():       {EN: "Technician", ZH: "维修技师"},
		RolePartsClerk.LabelKey():       {EN: "Parts clerk", ZH: "配件管理员"},
		RoleQualityInspector.LabelKey(): {EN: "Quality inspector", ZH: "质检员"},

		HalfUp.LabelKey():   {EN: "Round half up", ZH: "四舍五入"},
		HalfEven.LabelKey(): {EN: "Round half to even", ZH: "四舍六入五成双"},
		Down.LabelKey():     {EN: "Round down", ZH: "舍去"},
		Up.LabelKey():       {EN: "Round up", ZH: "进一"},
	}
	maps.Copy(l, actionLabels())
	return l
}

// KernelLabelKeys lists every key KernelLabels must hold, for the label test.
func KernelLabelKeys() []string {
	var keys []string
	for _, c := range Classes() {
		keys = append(keys, ErrorKey(CodeOf(c)))
	}
	for _, r := range Reasons() {
		keys = append(keys, ReasonKey(r))
	}
	for _, r := range Roles() {
		keys = append(keys, r.LabelKey())
	}
	for _, m := range RoundingModes() {
		keys = append(keys, m.LabelKey())
	}
	for _, a := range DefaultPermissions().Actions() {
		keys = append(keys, ActionKey(a))
	}
	return keys
}
