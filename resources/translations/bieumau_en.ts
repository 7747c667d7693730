<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name></name>
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
        <source>Đang kiểm tra %1 — %2</source>
        <translation>Checking %1 — %2</translation>
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
        <source>Kiểm tra biểu mẫu</source>
        <translation>Form check</translation>
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
</context>
</TS>
