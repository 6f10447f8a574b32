package training

import (
	"github.com/dealerkit/dealerkit"
)

// Labels returns the package's labels in Chinese and English: every enumeration value, error
// code, field reason and event type.
func Labels() dealerkit.Labels {
	l := dealerkit.Labels{
		SubjectProductKnowledge.LabelKey():      {EN: "Product knowledge", ZH: "产品知识"},
		SubjectRepairTechnique.LabelKey():       {EN: "Repair technique", ZH: "维修技术"},
		SubjectServiceProcess.LabelKey():        {EN: "Service process", ZH: "服务流程"},
		SubjectCustomerCommunication.LabelKey(): {EN: "Customer communication", ZH: "客户沟通"},
		SubjectSafety.LabelKey():                {EN: "Safety", ZH: "安全培训"},
		SubjectStatutory.LabelKey():             {EN: "Statutory", ZH: "法定培训"},

		DeliveryInternal.LabelKey(): {EN: "Internal", ZH: "内训"},
		DeliveryExternal.LabelKey(): {EN: "External", ZH: "外训"},

		KindInternal.LabelKey():  {EN: "Internal certificate", ZH: "内部证书"},
		KindOEM.LabelKey():       {EN: "Manufacturer certificate", ZH: "厂家认证"},
		KindStatutory.LabelKey(): {EN: "Statutory certificate", ZH: "法定资格证书"},

		CertificateActive.LabelKey():    {EN: "Active", ZH: "有效"},
		CertificateSuspended.LabelKey(): {EN: "Suspended", ZH: "暂停"},
		CertificateRevoked.LabelKey():   {EN: "Revoked", ZH: "吊销"},

		StatusValid.LabelKey():        {EN: "Valid", ZH: "有效"},
		StatusExpired.LabelKey():      {EN: "Expired", ZH: "已过期"},
		StatusSuspended.LabelKey():    {EN: "Suspended", ZH: "已暂停"},
		StatusRevoked.LabelKey():      {EN: "Revoked", ZH: "已吊销"},
		StatusNotYetIssued.LabelKey(): {EN: "Not yet issued", ZH: "尚未发证"},

		SessionScheduled.LabelKey(): {EN: "Scheduled", ZH: "已排期"},
		SessionCompleted.LabelKey(): {EN: "Completed", ZH: "已结业"},
		SessionCancelled.LabelKey(): {EN: "Cancelled", ZH: "已取消"},

		ResultPending.LabelKey(): {EN: "Pending", ZH: "待考核"},
		ResultPass.LabelKey():    {EN: "Pass", ZH: "合格"},
		ResultFail.LabelKey():    {EN: "Fail", ZH: "不合格"},
		ResultAbsent.LabelKey():  {EN: "Absent", ZH: "缺勤"},

		ItemDone.LabelKey():    {EN: "Done", ZH: "已完成"},
		ItemPlanned.LabelKey(): {EN: "Planned", ZH: "已安排"},
		ItemOverdue.LabelKey(): {EN: "Overdue", ZH: "已逾期"},
		ItemMissing.LabelKey(): {EN: "Missing", ZH: "未安排"},

		Eligible.LabelKey():           {EN: "Eligible", ZH: "符合晋升条件"},
		NotEligible.LabelKey():        {EN: "Not eligible", ZH: "暂不符合"},
		EligibilityUnknown.LabelKey(): {EN: "Unknown", ZH: "无法判定"},
		TopRung.LabelKey():            {EN: "Top rung", ZH: "已是最高级"},

		NeedTenure.LabelKey():      {EN: "Tenure", ZH: "司龄"},
		NeedCertificate.LabelKey(): {EN: "Certificate", ZH: "资格证书"},
		NeedGrades.LabelKey():      {EN: "Appraisal grades", ZH: "绩效等级"},

		dealerkit.ErrorKey(ErrWrongState.ErrorCode()):          {EN: "Not allowed in this state", ZH: "当前状态下不允许此操作"},
		dealerkit.ErrorKey(ErrInactiveCourse.ErrorCode()):      {EN: "The course is retired", ZH: "课程已停用"},
		dealerkit.ErrorKey(ErrPrerequisiteMissing.ErrorCode()): {EN: "A prerequisite course is not passed", ZH: "先修课程未通过"},
		dealerkit.ErrorKey(ErrNotQualified.ErrorCode()):        {EN: "Technician not qualified for this job", ZH: "技师不具备该作业资质"},
		dealerkit.ErrorKey(ErrNotEligible.ErrorCode()):         {EN: "Not eligible for the next rung", ZH: "不符合晋升条件"},
		dealerkit.ErrorKey(ErrCodeTaken.ErrorCode()):           {EN: "Course code already used", ZH: "课程编号已被使用"},
		dealerkit.ErrorKey(ErrAlreadyRegistered.ErrorCode()):   {EN: "Already on the training roster", ZH: "该员工已在培训名册中"},

		dealerkit.ReasonKey(ReasonUnknownReference):       {EN: "no such record", ZH: "记录不存在"},
		dealerkit.ReasonKey(ReasonUnknownCertificateType): {EN: "not a certificate type of the policy", ZH: "不是政策中定义的证书类型"},

		dealerkit.EventKey(EventCourseCreated):         {EN: "Course created", ZH: "新建课程"},
		dealerkit.EventKey(EventCourseRetired):         {EN: "Course retired", ZH: "课程停用"},
		dealerkit.EventKey(EventPlanCreated):           {EN: "Training plan created", ZH: "制定培训计划"},
		dealerkit.EventKey(EventSessionScheduled):      {EN: "Session scheduled", ZH: "培训排期"},
		dealerkit.EventKey(EventSessionEnrolled):       {EN: "Attendees enrolled", ZH: "培训报名"},
		dealerkit.EventKey(EventSessionCompleted):      {EN: "Session completed", ZH: "培训结业"},
		dealerkit.EventKey(EventSessionCancelled):      {EN: "Session cancelled", ZH: "培训取消"},
		dealerkit.EventKey(EventExternalRecorded):      {EN: "External training recorded", ZH: "登记外训"},
		dealerkit.EventKey(EventCertificateIssued):     {EN: "Certificate issued", ZH: "发证"},
		dealerkit.EventKey(EventCertificateRenewed):    {EN: "Certificate renewed", ZH: "证书换证"},
		dealerkit.EventKey(EventCertificateReviewed):   {EN: "Certificate reviewed", ZH: "证书复审"},
		dealerkit.EventKey(EventCertificateSuspended):  {EN: "Certificate suspended", ZH: "证书暂停"},
		dealerkit.EventKey(EventCertificateReinstated): {EN: "Certificate reinstated", ZH: "证书恢复"},
		dealerkit.EventKey(EventCertificateRevoked):    {EN: "Certificate revoked", ZH: "证书吊销"},
		dealerkit.EventKey(EventMemberRegistered):      {EN: "Joined the training roster", ZH: "登记培训档案"},
		dealerkit.EventKey(EventMemberPromoted):        {EN: "Promoted", ZH: "晋升"},
	}
	return l
}

// LabelKeys lists every key Labels must hold, for the label test.
func LabelKeys() []string {
	var keys []string
	add := func(ls ...dealerkit.Labelled) {
		for _, x := range ls {
			keys = append(keys, x.LabelKey())
		}
	}
	for _, x := range Subjects() {
		add(x)
	}
	for _, x := range Deliveries() {
		add(x)
	}
	for _, x := range CertificateKinds() {
		add(x)
	}
	for _, x := range CertificateStates() {
		add(x)
	}
	for _, x := range Statuses() {
		add(x)
	}
	for _, x := range SessionStates() {
		add(x)
	}
	for _, x := range Results() {
		add(x)
	}
	for _, x := range ItemStatuses() {
		add(x)
	}
	for _, x := range Eligibilities() {
		add(x)
	}
	for _, x := range Requirements() {
		add(x)
	}
	for _, e := range errorList() {
		keys = append(keys, dealerkit.ErrorKey(dealerkit.CodeOf(e)))
	}
	for _, r := range Reasons() {
		keys = append(keys, dealerkit.ReasonKey(r))
	}
	for _, t := range EventTypes() {
		keys = append(keys, dealerkit.EventKey(t))
	}
	return keys
}
