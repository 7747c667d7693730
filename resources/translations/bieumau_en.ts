<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <source>Sáp nhập</source>
        <translation>Merged</translation>
    </message>
    <message>
        <source>Đơn vị mới</source>
        <translation>New units</translation>
    </message>
    <message>
        <source>Đổi tên</source>
        <translation>Renamed</translation>
    </message>
    <message>
        <source>Hết hiệu lực</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>Thay đổi khác</source>
        <translation>Other changes</translation>
    </message>
    <message>
        <source>%1 đơn vị mới, %2 đổi tên, %3 sáp nhập, %4 hết hiệu lực, %5 thay đổi khác, %6 không đổi</source>
        <translation>%1 new, %2 renamed, %3 merged, %4 ended, %5 other changes, %6 unchanged</translation>
    </message>
    <message>
        <source>%1, thuộc %2</source>
        <translation>%1, under %2</translation>
    </message>
    <message>
        <source>, có hiệu lực từ %1</source>
        <translation>, in force from %1</translation>
    </message>
    <message>
        <source>«%1» → «%2»</source>
        <translation>«%1» → «%2»</translation>
    </message>
    <message>
        <source>sáp nhập vào %1 (%2)</source>
        <translation>merged into %1 (%2)</translation>
    </message>
    <message>
        <source> từ %1</source>
        <translation> from %1</translation>
    </message>
    <message>
        <source>hết hiệu lực sau %1</source>
        <translation>ended after %1</translation>
    </message>
    <message>
        <source>đơn vị cấp trên %1 → %2</source>
        <translation>parent unit %1 → %2</translation>
    </message>
    <message>
        <source>cấp %1 → %2</source>
        <translation>level %1 → %2</translation>
    </message>
    <message>
        <source>hiệu lực %1–%2</source>
        <translation>in force %1–%2</translation>
    </message>
    <message>
        <source>Chưa chọn tệp.</source>
        <translation>No file chosen.</translation>
    </message>
    <message>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Tệp: %1</source>
        <translation>File: %1</translation>
    </message>
    <message>
        <source>Không dùng được tệp: %1</source>
        <translation>Cannot use the file: %1</translation>
    </message>
    <message>
        <source>Nhập danh mục đơn vị</source>
        <translation>Import unit list</translation>
    </message>
    <message>
        <source>Mã</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Tên đơn vị</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <source>Thay đổi</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Áp dụng thay đổi</source>
        <translation>Apply changes</translation>
    </message>
    <message>
        <source>Đơn vị không có trong tệp được giữ nguyên; số liệu cũ không bị xóa.</source>
        <translation>Units missing from the file are kept; no old data is deleted.</translation>
    </message>
    <message>
        <source>Tệp CSV theo mẫu code,name,level,parent,valid_from,valid_to (thêm merged_into nếu có) hoặc tệp xuất danh mục hành chính chính thức.</source>
        <translation>A CSV file with the header code,name,level,parent,valid_from,valid_to (plus merged_into where needed), or the official administrative code-list export.</translation>
    </message>
    <message>
        <source>Chọn danh mục đơn vị</source>
        <translation>Choose a unit list</translation>
    </message>
    <message>
        <source>Tệp CSV (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <source>Đang đọc danh mục đơn vị…</source>
        <translation>Reading the unit list…</translation>
    </message>
    <message>
        <source>Nếu áp dụng: %1.</source>
        <translation>If applied: %1.</translation>
    </message>
    <message>
        <source>Danh mục trong tệp giống hệt danh mục đang dùng; không có gì để áp dụng.</source>
        <translation>The list in the file is identical to the one in use; nothing to apply.</translation>
    </message>
    <message>
        <source>Đang lưu danh mục đơn vị…</source>
        <translation>Saving the unit list…</translation>
    </message>
    <message>
        <source>Đã áp dụng: %1.</source>
        <translation>Applied: %1.</translation>
    </message>
    <message>
        <source>Cập nhật định nghĩa biểu mẫu</source>
        <translation>Update form definition</translation>
    </message>
    <message>
        <source>Nội dung</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>Dùng phiên bản này</source>
        <translation>Use this version</translation>
    </message>
    <message>
        <source>Phiên bản mới được lưu bên cạnh phiên bản cũ: số liệu đã nhập theo phiên bản cũ giữ nguyên.</source>
        <translation>The new version is stored beside the old one: data entered under the old version stays as it is.</translation>
    </message>
    <message>
        <source>Chọn tệp định nghĩa biểu mẫu (.yaml hoặc .xlsx).</source>
        <translation>Choose a form definition file (.yaml or .xlsx).</translation>
    </message>
    <message>
        <source>Chọn định nghĩa biểu mẫu</source>
        <translation>Choose a form definition</translation>
    </message>
    <message>
        <source>Định nghĩa biểu mẫu (*.yaml *.yml *.xlsx)</source>
        <translation>Form definitions (*.yaml *.yml *.xlsx)</translation>
    </message>
    <message>
        <source>Đang đọc định nghĩa biểu mẫu…</source>
        <translation>Reading the form definition…</translation>
    </message>
    <message>
        <source>Chỉ tiêu được thêm</source>
        <translation>Indicators added</translation>
    </message>
    <message>
        <source>Chỉ tiêu bị bỏ</source>
        <translation>Indicators removed</translation>
    </message>
    <message>
        <source>Chỉ tiêu được sửa</source>
        <translation>Indicators changed</translation>
    </message>
    <message>
        <source>Quy tắc kiểm tra được thêm</source>
        <translation>Checks added</translation>
    </message>
    <message>
        <source>Quy tắc kiểm tra bị bỏ</source>
        <translation>Checks removed</translation>
    </message>
    <message>
        <source>Quy tắc kiểm tra được sửa</source>
        <translation>Checks changed</translation>
    </message>
    <message>
        <source>Cột được thêm</source>
        <translation>Columns added</translation>
    </message>
    <message>
        <source>Cột bị bỏ</source>
        <translation>Columns removed</translation>
    </message>
    <message>
        <source>Cột được sửa</source>
        <translation>Columns changed</translation>
    </message>
    <message>
        <source>Nội dung khác phiên bản đang dùng nhưng vẫn ghi phiên bản %1; hãy tăng số phiên bản.</source>
        <translation>The content differs from the version in use but still says version %1; increase the version number.</translation>
    </message>
    <message>
        <source>Phiên bản %1 cũ hơn phiên bản đang dùng (%2).</source>
        <translation>Version %1 is older than the version in use (%2).</translation>
    </message>
    <message>
        <source>Biểu mẫu mới %1 phiên bản %2: %3</source>
        <translation>New form %1 version %2: %3</translation>
    </message>
    <message>
        <source>Giống hệt phiên bản đang dùng (%1 phiên bản %2); không có gì để cập nhật.</source>
        <translation>Identical to the version in use (%1 version %2); nothing to update.</translation>
    </message>
    <message>
        <source>%1: phiên bản %2 → %3</source>
        <translation>%1: version %2 → %3</translation>
    </message>
    <message>
        <source>Đã dùng %1 phiên bản %2 từ nay; số liệu cũ vẫn theo phiên bản của nó.</source>
        <translation>%1 version %2 is in use from now on; old data keeps its own version.</translation>
    </message>
    <message>
        <source> (đã khóa)</source>
        <translation> (locked)</translation>
    </message>
    <message>
        <source>Ví dụ: Tổng số trạm BTS chưa khớp với số theo công nghệ, đề nghị rà soát.</source>
        <translation>For example: the BTS total does not match the count by technology, please review.</translation>
    </message>
    <message>
        <source>Đồng ý</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Duyệt và khóa số liệu</source>
        <translation>Approve and lock data</translation>
    </message>
    <message>
        <source>Các đơn vị thuộc:</source>
        <translation>Units under:</translation>
    </message>
    <message>
        <source>Biểu mẫu:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <source>Kỳ báo cáo:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Duyệt: khóa số liệu, đơn vị không sửa được nữa. Trả lại: chuyển về «Đang nhập» kèm lý do. Mở khóa: cần lý do, được ghi vào nhật ký.</source>
        <translation>Approve: locks the data; the unit can no longer change it. Return: back to «In progress» with a reason. Unlock: needs a reason, written to the audit log.</translation>
    </message>
    <message>
        <source>Đổi đơn vị của tôi…</source>
        <translation>Change my unit…</translation>
    </message>
    <message>
        <source>Duyệt và khóa</source>
        <translation>Approve and lock</translation>
    </message>
    <message>
        <source>Trả lại…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <source>Mở khóa…</source>
        <translation>Unlock…</translation>
    </message>
    <message>
        <source>Mở biểu mẫu</source>
        <translation>Open form</translation>
    </message>
    <message>
        <source>Đơn vị của tôi: %1 — chỉ duyệt được các đơn vị cấp dưới.</source>
        <translation>My unit: %1 — only units below it can be approved.</translation>
    </message>
    <message>
        <source>Đơn vị của tôi: chưa chọn (sẽ được hỏi khi duyệt lần đầu).</source>
        <translation>My unit: not chosen yet (you will be asked at the first approval).</translation>
    </message>
    <message>
        <source>Đang kiểm tra số liệu của các đơn vị…</source>
        <translation>Checking the data of every unit…</translation>
    </message>
    <message>
        <source>Trả lại biểu mẫu</source>
        <translation>Return the form</translation>
    </message>
    <message>
        <source>Chưa nhập</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Đang nhập</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Đã kiểm tra</source>
        <translation>Checked</translation>
    </message>
    <message>
        <source>Đã nộp</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>Đã duyệt</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Chưa chọn «đơn vị của tôi»: hãy chọn đơn vị mình công tác trước khi duyệt, trả lại hay mở khóa số liệu.</source>
        <translation>«My unit» is not chosen: choose the unit you work for before approving, returning or unlocking data.</translation>
    </message>
    <message>
        <source>Không có đơn vị mã «{unit}» trong danh mục đơn vị.</source>
        <translation>There is no unit with code «{unit}» in the unit list.</translation>
    </message>
    <message>
        <source>Đơn vị «{reviewer}» không được tự duyệt, trả lại hay mở khóa số liệu của chính mình; việc này do đơn vị cấp trên của «{unit}» làm.</source>
        <translation>Unit «{reviewer}» may not approve, return or unlock its own data; that is for the unit above «{unit}».</translation>
    </message>
    <message>
        <source>Đơn vị «{reviewer}» không phải cấp trên của «{unit}» nên không được duyệt, trả lại hay mở khóa số liệu của «{unit}».</source>
        <translation>Unit «{reviewer}» is not above «{unit}», so it may not approve, return or unlock the data of «{unit}».</translation>
    </message>
    <message>
        <source>Chỉ duyệt được biểu đã kiểm tra hoặc đã nộp; biểu {form} của {unit} đang ở trạng thái «{status}».</source>
        <translation>Only checked or submitted forms can be approved; form {form} of {unit} is «{status}».</translation>
    </message>
    <message>
        <source>Trả lại biểu phải ghi rõ lý do để đơn vị biết cần sửa gì.</source>
        <translation>Returning a form needs a reason so the unit knows what to fix.</translation>
    </message>
    <message>
        <source>Biểu đã duyệt: hãy mở khóa (kèm lý do) trước khi trả lại.</source>
        <translation>The form is approved: unlock it (with a reason) before returning it.</translation>
    </message>
    <message>
        <source>Biểu chưa nộp nên không có gì để trả lại.</source>
        <translation>The form has not been submitted, so there is nothing to return.</translation>
    </message>
    <message>
        <source>Mở khóa số liệu đã duyệt phải ghi rõ lý do.</source>
        <translation>Unlocking approved data needs a reason.</translation>
    </message>
    <message>
        <source>Tài khoản đăng nhập này không thuộc «{reviewer}» nên không được duyệt, trả lại hay mở khóa số liệu thay cho «{reviewer}».</source>
        <translation>This login does not belong to «{reviewer}», so it may not approve, return or unlock data on behalf of «{reviewer}».</translation>
    </message>
    <message>
        <source>{unit}: {reason}</source>
        <translation>{unit}: {reason}</translation>
    </message>
    <message>
        <source>Đơn vị</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Lỗi</source>
        <translation>Errors</translation>
    </message>
    <message>
        <source>Cảnh báo</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>Người cập nhật</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>Thời điểm</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Lý do trả lại (đơn vị sẽ đọc được lý do này):</source>
        <translation>Reason for returning (the unit will read it):</translation>
    </message>
    <message>
        <source>Mở khóa số liệu đã duyệt</source>
        <translation>Unlock approved data</translation>
    </message>
    <message>
        <source>Lý do mở khóa (được ghi vào nhật ký thay đổi):</source>
        <translation>Reason for unlocking (written to the change log):</translation>
    </message>
    <message>
        <source>Chọn biểu mẫu, chỉ tiêu và đơn vị để vẽ.</source>
        <translation>Choose a form, an indicator and a unit to draw.</translation>
    </message>
    <message>
        <source>Chưa có số liệu cho lựa chọn này.</source>
        <translation>No data for this choice yet.</translation>
    </message>
    <message>
        <source>chưa nhập</source>
        <translation>not entered</translation>
    </message>
    <message>
        <source>Mục tiêu %1</source>
        <translation>Target %1</translation>
    </message>
    <message>
        <source>đạt mục tiêu</source>
        <translation>target met</translation>
    </message>
    <message>
        <source>chưa đạt mục tiêu</source>
        <translation>target not met</translation>
    </message>
    <message>
        <source>Biểu đồ chỉ tiêu</source>
        <translation>Indicator charts</translation>
    </message>
    <message>
        <source>So sánh các đơn vị (cột)</source>
        <translation>Compare units (bars)</translation>
    </message>
    <message>
        <source>Qua các kỳ của một đơn vị (đường)</source>
        <translation>One unit over periods (line)</translation>
    </message>
    <message>
        <source>Xuất ảnh PNG…</source>
        <translation>Export PNG…</translation>
    </message>
    <message>
        <source>Chỉ tiêu:</source>
        <translation>Indicator:</translation>
    </message>
    <message>
        <source>Cột:</source>
        <translation>Column:</translation>
    </message>
    <message>
        <source>Đơn vị:</source>
        <translation>Unit:</translation>
    </message>
    <message>
        <source>Kiểu:</source>
        <translation>Chart:</translation>
    </message>
    <message>
        <source>Đến kỳ:</source>
        <translation>Up to:</translation>
    </message>
    <message>
        <source>Đang đọc số liệu…</source>
        <translation>Reading data…</translation>
    </message>
    <message>
        <source>Không đọc được số liệu: %1</source>
        <translation>Could not read the data: %1</translation>
    </message>
    <message>
        <source>Xuất biểu đồ</source>
        <translation>Export chart</translation>
    </message>
    <message>
        <source>Ảnh PNG (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>Đã lưu biểu đồ vào %1</source>
        <translation>Chart saved to %1</translation>
    </message>
    <message>
        <source>Không ghi được ảnh %1</source>
        <translation>Could not write the image %1</translation>
    </message>
    <message>
        <source>Tổng của đơn vị</source>
        <translation>Unit total</translation>
    </message>
    <message>
        <source>hạn nộp %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <source>Tổng</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Hạn nộp: %1</source>
        <translation>Deadline: %1</translation>
    </message>
    <message>
        <source>Mã: %1 · Cấp: %2</source>
        <translation>Code: %1 · Level: %2</translation>
    </message>
    <message>
        <source>%1/%2 đã nộp</source>
        <translation>%1/%2 submitted</translation>
    </message>
    <message>
        <source>Đơn vị cấp này không phải báo cáo biểu %1.</source>
        <translation>Units of this level do not report form %1.</translation>
    </message>
    <message>
        <source>✖ %1 lỗi</source>
        <translation>✖ %1 errors</translation>
    </message>
    <message>
        <source>⚠ %1 cảnh báo</source>
        <translation>⚠ %1 warnings</translation>
    </message>
    <message>
        <source>Nộp trễ hạn</source>
        <translation>Submitted late</translation>
    </message>
    <message>
        <source>Trễ hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>Trạng thái: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>%1 lỗi · %2 cảnh báo</source>
        <translation>%1 errors · %2 warnings</translation>
    </message>
    <message>
        <source>Sửa lần cuối: %1</source>
        <translation>Last changed: %1</translation>
    </message>
    <message>
        <source>Nộp lúc: %1</source>
        <translation>Submitted: %1</translation>
    </message>
    <message>
        <source>Tệp đã nộp: %1</source>
        <translation>Submitted file: %1</translation>
    </message>
    <message>
        <source>Nộp sau hạn.</source>
        <translation>Submitted after the deadline.</translation>
    </message>
    <message>
        <source>Đã quá hạn mà chưa nộp.</source>
        <translation>Past the deadline and not submitted.</translation>
    </message>
    <message>
        <source>Lý do: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Nhấp đúp để mở biểu mẫu.</source>
        <translation>Double-click to open the form.</translation>
    </message>
    <message>
        <source>%1/%2 biểu đã nộp</source>
        <translation>%1/%2 forms submitted</translation>
    </message>
    <message>
        <source>%1/%2 %3 đã nộp</source>
        <translation>%1/%2 %3 submitted</translation>
    </message>
    <message>
        <source>Tổng quan tình hình nộp báo cáo</source>
        <translation>Submission dashboard</translation>
    </message>
    <message>
        <source>Tải lại</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>Duyệt / trả lại…</source>
        <translation>Approve / return…</translation>
    </message>
    <message>
        <source>Mở cửa sổ duyệt cho ô đang chọn</source>
        <translation>Open the approval window for the selected cell</translation>
    </message>
    <message>
        <source>Loại kỳ:</source>
        <translation>Period kind:</translation>
    </message>
    <message>
        <source>Phạm vi:</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>Chỉ hiện đơn vị còn thiếu</source>
        <translation>Only units with forms missing</translation>
    </message>
    <message>
        <source>Ẩn các đơn vị đã nộp đủ mọi biểu của kỳ này</source>
        <translation>Hide units that submitted every form of this period</translation>
    </message>
    <message>
        <source>Chọn một ô để xem chi tiết.</source>
        <translation>Select a cell to see its details.</translation>
    </message>
    <message>
        <source>Đang tải…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Tỉnh</source>
        <translation>Province</translation>
    </message>
    <message>
        <source>Sở, ngành</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>Huyện</source>
        <translation>Districts</translation>
    </message>
    <message>
        <source>Xã</source>
        <translation>Communes</translation>
    </message>
    <message>
        <source>tháng</source>
        <translation>month</translation>
    </message>
    <message>
        <source>quý</source>
        <translation>quarter</translation>
    </message>
    <message>
        <source>6 tháng</source>
        <translation>half-year</translation>
    </message>
    <message>
        <source>9 tháng</source>
        <translation>nine months</translation>
    </message>
    <message>
        <source>năm</source>
        <translation>year</translation>
    </message>
    <message>
        <source>giai đoạn</source>
        <translation>plan period</translation>
    </message>
    <message>
        <source>Chữ đỏ «trễ hạn»: nộp sau hạn hoặc đã quá hạn mà chưa nộp</source>
        <translation>Red «late»: submitted after the deadline, or past it and not submitted</translation>
    </message>
    <message>
        <source>Nhấp đúp vào một ô để mở biểu mẫu.</source>
        <translation>Double-click a cell to open the form.</translation>
    </message>
    <message>
        <source>%1 — đã nộp đủ các biểu: %2</source>
        <translation>%1 — all forms submitted: %2</translation>
    </message>
    <message>
        <source>%1 — không có đơn vị nào phải báo cáo.</source>
        <translation>%1 — no unit has to report.</translation>
    </message>
    <message>
        <source>Đã hủy việc tải số liệu; bảng giữ kết quả lần trước.</source>
        <translation>Loading cancelled; the table keeps the previous result.</translation>
    </message>
    <message>
        <source>Không tải được số liệu: %1</source>
        <translation>Could not load the data: %1</translation>
    </message>
    <message>
        <source>Đạt</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>Không đạt</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>Chưa kiểm tra được</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>Mục tiêu</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>Đánh giá</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>STT</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Chỉ tiêu</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>Đơn vị tính</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Ghi chú</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Có</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Không</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Lỗi: </source>
        <translation>Error: </translation>
    </message>
    <message>
        <source>Cảnh báo: </source>
        <translation>Warning: </translation>
    </message>
    <message>
        <source>Giải trình: %1</source>
        <translation>Justification: %1</translation>
    </message>
    <message>
        <source>Ghi chú: %1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>Ô tự tính: %1</source>
        <translation>Computed cell: %1</translation>
    </message>
    <message>
        <source>Nhập số liệu</source>
        <translation>Enter data</translation>
    </message>
    <message>
        <source>Sửa ghi chú</source>
        <translation>Edit note</translation>
    </message>
    <message>
        <source>Sửa giải trình</source>
        <translation>Edit justification</translation>
    </message>
    <message>
        <source>Kỳ báo cáo đã được duyệt (khóa): không thể dán số liệu.</source>
        <translation>The period is approved (locked): nothing can be pasted.</translation>
    </message>
    <message>
        <source>Dán %1×%2 ô</source>
        <translation>Paste %1×%2 cells</translation>
    </message>
    <message>
        <source>khối dán lớn hơn biểu mẫu nên phần thừa đã bị cắt</source>
        <translation>the pasted block was larger than the form, so the excess was cut</translation>
    </message>
    <message>
        <source>%1 giá trị rơi vào ô không nhập được nên bị bỏ qua</source>
        <translation>%1 values fell on cells that cannot be edited and were skipped</translation>
    </message>
    <message>
        <source>Đã dán; </source>
        <translation>Pasted; </translation>
    </message>
    <message>
        <source>Đã dán %1 ô.</source>
        <translation>Pasted %1 cells.</translation>
    </message>
    <message>
        <source>Xóa số liệu</source>
        <translation>Clear data</translation>
    </message>
    <message>
        <source>(đến %1)</source>
        <translation>(until %1)</translation>
    </message>
    <message>
        <source>Số liệu vừa bị thay đổi</source>
        <translation>Data just changed</translation>
    </message>
    <message>
        <source>Kỳ báo cáo này đã được duyệt (%1 %2) nên chỉ xem, không sửa được. Muốn sửa, đề nghị cấp trên mở khóa (cần nêu lý do).</source>
        <translation>This period has been approved (%1 %2), so it is read only. To change it, ask the level above to unlock it (a reason is required).</translation>
    </message>
    <message>
        <source>Biểu mẫu đã bị trả lại bởi %1 lúc %2. Lý do: %3 — Sửa theo yêu cầu rồi đánh dấu «Đã kiểm tra».</source>
        <translation>The form was returned by %1 at %2. Reason: %3 — Correct it as asked, then mark it «Checked».</translation>
    </message>
    <message>
        <source>✓ Đã lưu ghi chú lúc %1</source>
        <translation>✓ Note saved at %1</translation>
    </message>
    <message>
        <source>✓ Đã lưu lúc %1</source>
        <translation>✓ Saved at %1</translation>
    </message>
    <message>
        <source>Đơn vị báo cáo</source>
        <translation>Reporting units</translation>
    </message>
    <message>
        <source>Kiểm tra số liệu</source>
        <translation>Data checks</translation>
    </message>
    <message>
        <source>Ô đang chọn</source>
        <translation>Selected cell</translation>
    </message>
    <message>
        <source>Chọn biểu mẫu</source>
        <translation>Choose a form</translation>
    </message>
    <message>
        <source> Biểu mẫu: </source>
        <translation> Form: </translation>
    </message>
    <message>
        <source>   Kỳ báo cáo: </source>
        <translation>   Period: </translation>
    </message>
    <message>
        <source>&amp;Tệp</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Xuất bộ số liệu nộp lên (Excel)…</source>
        <translation>Export submission (Excel)…</translation>
    </message>
    <message>
        <source>Tạo mẫu nhập liệu Excel…</source>
        <translation>Create Excel entry template…</translation>
    </message>
    <message>
        <source>In bản giấy (PDF)…</source>
        <translation>Print the paper (PDF)…</translation>
    </message>
    <message>
        <source>Nhập số liệu từ tệp Excel…</source>
        <translation>Import data from Excel files…</translation>
    </message>
    <message>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>&amp;Sửa</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Hoàn tác</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Làm lại</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Sao chép</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Dán</source>
        <translation>Paste</translation>
    </message>
    <message>
        <source>Xóa ô đã chọn</source>
        <translation>Clear selected cells</translation>
    </message>
    <message>
        <source>&amp;Biểu mẫu</source>
        <translation>F&amp;orm</translation>
    </message>
    <message>
        <source>Kiểm tra lại toàn bộ</source>
        <translation>Re-check everything</translation>
    </message>
    <message>
        <source>Đánh dấu «Đã kiểm tra»</source>
        <translation>Mark as «Checked»</translation>
    </message>
    <message>
        <source>Tổng &amp;hợp</source>
        <translation>&amp;Consolidation</translation>
    </message>
    <message>
        <source>Gộp nhiều tệp nộp lên (cả thư mục)…</source>
        <translation>Merge many submission files (whole folder)…</translation>
    </message>
    <message>
        <source>Tổng hợp từ đơn vị cấp dưới…</source>
        <translation>Consolidate from units below…</translation>
    </message>
    <message>
        <source>&amp;Tổng quan</source>
        <translation>O&amp;verview</translation>
    </message>
    <message>
        <source>Tình hình nộp báo cáo…</source>
        <translation>Submission dashboard…</translation>
    </message>
    <message>
        <source>Biểu đồ chỉ tiêu…</source>
        <translation>Indicator charts…</translation>
    </message>
    <message>
        <source>Duyệt và khóa số liệu…</source>
        <translation>Approve and lock data…</translation>
    </message>
    <message>
        <source>Báo cáo thuyết minh…</source>
        <translation>Narrative report…</translation>
    </message>
    <message>
        <source>Nhập danh mục đơn vị…</source>
        <translation>Import unit list…</translation>
    </message>
    <message>
        <source>Cập nhật định nghĩa biểu mẫu…</source>
        <translation>Update form definition…</translation>
    </message>
    <message>
        <source>&amp;Xem</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Bố cục mặc định</source>
        <translation>Default layout</translation>
    </message>
    <message>
        <source>&amp;Cài đặt</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>Đơn vị của tôi…</source>
        <translation>My unit…</translation>
    </message>
    <message>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>Giới thiệu bieumau</source>
        <translation>About bieumau</translation>
    </message>
    <message>
        <source>Không mở được biểu mẫu</source>
        <translation>The form cannot be opened</translation>
    </message>
    <message>
        <source>bieumau — Nhập và kiểm tra biểu mẫu báo cáo</source>
        <translation>bieumau — Report form entry and validation</translation>
    </message>
    <message>
        <source>Dữ liệu lưu lần cuối: %1</source>
        <translation>Last saved: %1</translation>
    </message>
    <message>
        <source>Chưa có số liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <source>Kiểm tra biểu mẫu</source>
        <translation>Form check</translation>
    </message>
    <message>
        <source>&lt;b&gt;bieumau %1&lt;/b&gt;&lt;br&gt;Nhập, kiểm tra và tổng hợp biểu mẫu báo cáo chỉ tiêu.&lt;br&gt;Cơ sở dữ liệu: %2</source>
        <translation>&lt;b&gt;bieumau %1&lt;/b&gt;&lt;br&gt;Entry, validation and consolidation of indicator report forms.&lt;br&gt;Database: %2</translation>
    </message>
    <message>
        <source>Giao diện đã chuyển sang tiếng Việt.</source>
        <translation>The interface is now in Vietnamese.</translation>
    </message>
    <message>
        <source>Giao diện đã chuyển sang tiếng Anh.</source>
        <translation>The interface is now in English.</translation>
    </message>
    <message>
        <source>Đơn vị của tôi</source>
        <translation>My unit</translation>
    </message>
    <message>
        <source>Chọn đơn vị mình công tác. Bạn chỉ được duyệt, trả lại hay mở khóa số liệu của các đơn vị cấp dưới của đơn vị này, không bao giờ của chính nó.</source>
        <translation>Choose the unit you work for. You may approve, return or unlock the data of the units below it only, never its own.</translation>
    </message>
    <message>
        <source>✖ Lỗi</source>
        <translation>✖ Error</translation>
    </message>
    <message>
        <source>⚠ Cảnh báo</source>
        <translation>⚠ Warning</translation>
    </message>
    <message>
        <source>✓ Đã giải trình</source>
        <translation>✓ Justified</translation>
    </message>
    <message>
        <source>ℹ Chưa kiểm tra được</source>
        <translation>ℹ Not checked</translation>
    </message>
    <message>
        <source>✓ Không phát hiện lỗi hay cảnh báo nào.</source>
        <translation>✓ No errors or warnings found.</translation>
    </message>
    <message>
        <source>✓ Không phát hiện lỗi hay cảnh báo nào; %1 kiểm tra chưa thực hiện được (ô có chữ thay vì số).</source>
        <translation>✓ No errors or warnings found; %1 checks could not run (a cell holds text instead of a number).</translation>
    </message>
    <message>
        <source>%1 lỗi, %2 cảnh báo (%3 chưa giải trình), %4 kiểm tra chưa thực hiện được. Nhấn vào một dòng để chọn các ô liên quan.</source>
        <translation>%1 errors, %2 warnings (%3 not justified), %4 checks not run. Click a line to select its cells.</translation>
    </message>
    <message>
        <source>%1 lỗi, %2 cảnh báo (%3 chưa giải trình). Nhấn vào một dòng để chọn các ô liên quan.</source>
        <translation>%1 errors, %2 warnings (%3 not justified). Click a line to select its cells.</translation>
    </message>
    <message>
        <source>Ghi chú cho ô này</source>
        <translation>Note for this cell</translation>
    </message>
    <message>
        <source>Giải trình cho cảnh báo (bắt buộc để hoàn tất biểu mẫu)</source>
        <translation>Justification of the warning (required to complete the form)</translation>
    </message>
    <message>
        <source>Lưu ghi chú và giải trình</source>
        <translation>Save note and justification</translation>
    </message>
    <message>
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>Giải trình:</source>
        <translation>Justification:</translation>
    </message>
    <message>
        <source>Lịch sử thay đổi:</source>
        <translation>Change history:</translation>
    </message>
    <message>
        <source>Chọn một ô số liệu để xem ghi chú và lịch sử.</source>
        <translation>Select a data cell to see its notes and history.</translation>
    </message>
    <message>
        <source>ghi chú: </source>
        <translation>note: </translation>
    </message>
    <message>
        <source>giải trình: </source>
        <translation>justification: </translation>
    </message>
    <message>
        <source>trạng thái: </source>
        <translation>status: </translation>
    </message>
    <message>
        <source>(trống)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Chưa có thay đổi nào.</source>
        <translation>No changes yet.</translation>
    </message>
    <message>
        <source>Đã hủy theo yêu cầu.</source>
        <translation>Cancelled on request.</translation>
    </message>
    <message>
        <source>Đang xử lý</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>Không ghi được ảnh «%1».</source>
        <translation>Could not write the image «%1».</translation>
    </message>
    <message>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Kỳ</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Biểu</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Mới</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Không đổi</source>
        <translation>Unchanged</translation>
    </message>
    <message>
        <source>Vi phạm</source>
        <translation>Violations</translation>
    </message>
    <message>
        <source>Từ chối / lý do</source>
        <translation>Refused / reason</translation>
    </message>
    <message>
        <source>Kết quả gộp số liệu</source>
        <translation>Merge results</translation>
    </message>
    <message>
        <source>Đã xử lý %1 tệp: %2 tệp đã ghi, %3 tệp bị từ chối.</source>
        <translation>Processed %1 files: %2 written, %3 refused.</translation>
    </message>
    <message>
        <source> %1 bộ số liệu nộp lại khác với bản đã có — cần xác nhận.</source>
        <translation> %1 resubmitted data sets differ from the stored ones — confirmation needed.</translation>
    </message>
    <message>
        <source>Chọn thư mục chứa các tệp nộp lên</source>
        <translation>Choose the folder holding the submission files</translation>
    </message>
    <message>
        <source>Gộp số liệu</source>
        <translation>Merge data</translation>
    </message>
    <message>
        <source>Thư mục không có tệp .xlsx nào.</source>
        <translation>The folder has no .xlsx file.</translation>
    </message>
    <message>
        <source>Không gộp được số liệu</source>
        <translation>Could not merge the data</translation>
    </message>
    <message>
        <source>Số liệu nộp lại khác bản đã có</source>
        <translation>Resubmitted data differs from the stored data</translation>
    </message>
    <message>
        <source>%1

Ghi bằng bản xuất mới nhất? Bản cũ vẫn được giữ trong lịch sử thay đổi.</source>
        <translation>%1

Overwrite with the newest export? The old version stays in the change history.</translation>
    </message>
    <message>
        <source>Đang ghi các bản nộp lại…</source>
        <translation>Writing the resubmissions…</translation>
    </message>
    <message>
        <source>Đang gộp số liệu…</source>
        <translation>Merging data…</translation>
    </message>
    <message>
        <source>Tổng hợp</source>
        <translation>Consolidation</translation>
    </message>
    <message>
        <source>Đơn vị này không có đơn vị cấp dưới để tổng hợp.</source>
        <translation>This unit has no units below it to consolidate.</translation>
    </message>
    <message>
        <source>Lưu bảng tổng hợp</source>
        <translation>Save the consolidated table</translation>
    </message>
    <message>
        <source>%1
Đã ghi %2.</source>
        <translation>%1
Wrote %2.</translation>
    </message>
    <message>
        <source>
%1 vấn đề (vi phạm quy tắc hoặc chênh lệch với số liệu tự báo) — xem trang «Thiếu số liệu».</source>
        <translation>
%1 problems (rule violations or differences from self-reported data) — see the «Thiếu số liệu» sheet.</translation>
    </message>
    <message>
        <source>

Lưu các số tổng hợp làm số liệu của đơn vị này? Số liệu cũ vẫn được giữ trong lịch sử thay đổi.</source>
        <translation>

Save the consolidated figures as this unit&apos;s data? The old data stays in the change history.</translation>
    </message>
    <message>
        <source>Đang tổng hợp…</source>
        <translation>Consolidating…</translation>
    </message>
    <message>
        <source>Không tổng hợp được</source>
        <translation>Could not consolidate</translation>
    </message>
    <message>
        <source>chắc chắn</source>
        <translation>certain</translation>
    </message>
    <message>
        <source>nên xem lại</source>
        <translation>worth a second look</translation>
    </message>
    <message>
        <source>có thể</source>
        <translation>possible</translation>
    </message>
    <message>
        <source>Báo cáo thuyết minh</source>
        <translation>Narrative report</translation>
    </message>
    <message>
        <source>Kiểm tra báo cáo</source>
        <translation>Check a report</translation>
    </message>
    <message>
        <source>Lập dự thảo</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Mở báo cáo…</source>
        <translation>Open report…</translation>
    </message>
    <message>
        <source>So với số liệu đã lưu (đơn vị, kỳ ở thẻ «Lập dự thảo»)</source>
        <translation>Compare with the stored figures (unit and period from the «Draft» tab)</translation>
    </message>
    <message>
        <source>2024S1, 2024Q2, 2024</source>
        <translation>2024S1, 2024Q2, 2024</translation>
    </message>
    <message>
        <source>Lưu dự thảo…</source>
        <translation>Save draft…</translation>
    </message>
    <message>
        <source>Chưa mở báo cáo nào.</source>
        <translation>No report opened yet.</translation>
    </message>
    <message>
        <source>%1: %2 phát hiện</source>
        <translation>%1: %2 findings</translation>
    </message>
    <message>
        <source>Mở báo cáo</source>
        <translation>Open report</translation>
    </message>
    <message>
        <source>Báo cáo (*.docx *.txt)</source>
        <translation>Reports (*.docx *.txt)</translation>
    </message>
    <message>
        <source>Không kiểm tra được</source>
        <translation>Could not check</translation>
    </message>
    <message>
        <source>Hãy ghi kỳ báo cáo ở thẻ «Lập dự thảo» để so với số liệu đã lưu.</source>
        <translation>Enter the report&apos;s period on the «Draft» tab to compare with the stored figures.</translation>
    </message>
    <message>
        <source>Đã lưu dự thảo vào %1.</source>
        <translation>Draft saved to %1.</translation>
    </message>
    <message>
        <source>Dự thảo dùng mẫu mặc định theo loại kỳ (quý, 6 tháng, năm); chỗ tô vàng là chỗ người viết cần bổ sung.</source>
        <translation>The draft uses the default template for the period type (quarter, half year, year); yellow marks what the writer must fill in.</translation>
    </message>
    <message>
        <source>Lưu dự thảo báo cáo</source>
        <translation>Save the report draft</translation>
    </message>
    <message>
        <source>Word (*.docx)</source>
        <translation>Word (*.docx)</translation>
    </message>
    <message>
        <source>Sổ Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>Đã hủy.</source>
        <translation>Cancelled.</translation>
    </message>
    <message>
        <source>Lỗi không mong đợi (%1). Chi tiết đã ghi vào %2.</source>
        <translation>Unexpected error (%1). Details were written to %2.</translation>
    </message>
    <message>
        <source>Xuất bộ số liệu nộp lên</source>
        <translation>Export submission</translation>
    </message>
    <message>
        <source>Đang ghi sổ Excel…</source>
        <translation>Writing the Excel workbook…</translation>
    </message>
    <message>
        <source>%1 lỗi, %2 cảnh báo</source>
        <translation>%1 errors, %2 warnings</translation>
    </message>
    <message>
        <source>không có lỗi</source>
        <translation>no errors</translation>
    </message>
    <message>
        <source>Đã xuất %1: %2 số liệu, %3.</source>
        <translation>Exported %1: %2 values, %3.</translation>
    </message>
    <message>
        <source>Đang xuất bộ số liệu…</source>
        <translation>Exporting the submission…</translation>
    </message>
    <message>
        <source>Không xuất được bộ số liệu</source>
        <translation>Could not export the submission</translation>
    </message>
    <message>
        <source>In bản giấy (PDF)</source>
        <translation>Print the paper (PDF)</translation>
    </message>
    <message>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>Đang in ra PDF…</source>
        <translation>Writing the PDF…</translation>
    </message>
    <message>
        <source>Đã in bản giấy ra %1.</source>
        <translation>Printed the paper to %1.</translation>
    </message>
    <message>
        <source>Đang in bản giấy…</source>
        <translation>Printing the paper…</translation>
    </message>
    <message>
        <source>Không in được bản giấy</source>
        <translation>Could not print the paper</translation>
    </message>
    <message>
        <source>Tạo mẫu nhập liệu Excel</source>
        <translation>Create Excel entry template</translation>
    </message>
    <message>
        <source>Đang tạo mẫu…</source>
        <translation>Creating the template…</translation>
    </message>
    <message>
        <source>Đã tạo mẫu nhập liệu %1.</source>
        <translation>Created the entry template %1.</translation>
    </message>
    <message>
        <source>Đang tạo mẫu nhập liệu…</source>
        <translation>Creating the entry template…</translation>
    </message>
    <message>
        <source>Không tạo được mẫu nhập liệu</source>
        <translation>Could not create the entry template</translation>
    </message>
    <message>
        <source>Nhập số liệu từ tệp Excel</source>
        <translation>Import data from Excel files</translation>
    </message>
    <message>
        <source>Đã xử lý %1 tệp, %2 tệp bị từ chối.</source>
        <translation>Processed %1 files, %2 refused.</translation>
    </message>
    <message>
        <source>Kết quả nhập số liệu</source>
        <translation>Import results</translation>
    </message>
    <message>
        <source>Đã xử lý %1 tệp; %2 tệp bị từ chối.</source>
        <translation>Processed %1 files; %2 refused.</translation>
    </message>
    <message>
        <source>Đang nhập số liệu…</source>
        <translation>Importing data…</translation>
    </message>
    <message>
        <source>Không nhập được số liệu</source>
        <translation>Could not import data</translation>
    </message>
</context>
</TS>
