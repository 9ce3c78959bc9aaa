# MovieHub: tiếng Việt (ngôn ngữ mặc định). Mỗi khóa ở đây cũng có trong en.ftl.
# Khóa bắt đầu bằng "js-" được gửi cho mã JavaScript của trang; { $ten } được điền ở trình duyệt.

## Khung trang
nav-account = Tài khoản
nav-my-bookings = Vé của tôi
nav-sign-in = Đăng nhập
nav-sign-out = Đăng xuất
nav-register = Tạo tài khoản
nav-menu = Menu
nav-kiosk = Quầy vé
nav-scanner = Soát vé
nav-cashups = Kết ca
footer-vat = Giá đã bao gồm VAT

## Ngày giờ
weekday-mon = Thứ Hai
weekday-tue = Thứ Ba
weekday-wed = Thứ Tư
weekday-thu = Thứ Năm
weekday-fri = Thứ Sáu
weekday-sat = Thứ Bảy
weekday-sun = Chủ Nhật
day-today = Hôm nay
day-tomorrow = Ngày mai
minutes = { $n } phút
seats-left = Còn { $n } ghế

## Phân loại phim (theo quy định phổ biến phim tại Việt Nam)
rating-P = P: Phim được phổ biến đến người xem ở mọi độ tuổi.
rating-K = K: Phim được phổ biến đến người xem dưới 13 tuổi với điều kiện xem cùng cha, mẹ hoặc người giám hộ.
rating-T13 = T13: Phim được phổ biến đến người xem từ đủ 13 tuổi trở lên.
rating-T16 = T16: Phim được phổ biến đến người xem từ đủ 16 tuổi trở lên.
rating-T18 = T18: Phim được phổ biến đến người xem từ đủ 18 tuổi trở lên.
rating-C = C: Phim không được phép phổ biến.

## Loại ghế
seat-STANDARD = Thường
seat-VIP = VIP
seat-COUPLE = Ghế đôi
seat-PREMIUM = Cao cấp
seat-WHEELCHAIR = Xe lăn

## Lỗi
err-title = Có lỗi xảy ra
err-internal = Đã có lỗi xảy ra. Vui lòng thử lại sau.
err-back-home = Quay lại danh sách phim
err-no-page = Không có trang nào ở địa chỉ này.
err-bad-request = Yêu cầu không hợp lệ. Vui lòng kiểm tra lại thông tin.
err-forbidden = Bạn không có quyền thực hiện thao tác này.
err-not-found = Không tìm thấy nội dung bạn cần.
err-conflict = Thao tác không thực hiện được vì dữ liệu đã thay đổi. Vui lòng tải lại trang.
err-too-many = Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.
err-cross-site = Biểu mẫu này phải được gửi từ một trang của MovieHub.
err-no-movie = Không tìm thấy phim này.
err-no-showtime = Không tìm thấy suất chiếu này.
err-no-booking = Không tìm thấy đơn đặt vé này.

## Dùng chung cho mã JavaScript
js-error-generic = Thao tác không thành công. Vui lòng thử lại.
js-offline = Mất kết nối, đang thử lại…
js-seat-STANDARD = Thường
js-seat-VIP = VIP
js-seat-COUPLE = Ghế đôi
js-seat-PREMIUM = Cao cấp
js-seat-WHEELCHAIR = Xe lăn

## Trang chủ
home-title = Phim đang chiếu
home-search-label = Tìm phim
home-search-placeholder = Tên phim, đạo diễn, diễn viên…
home-genre = Thể loại
home-all-genres = Tất cả thể loại
home-search = Tìm
home-results-for = Kết quả cho “{ $q }”
home-no-match = Không có phim phù hợp. Hãy thử ít từ hơn hoặc thể loại khác.
home-clear-search = Xóa tìm kiếm
home-now-showing = Phim đang chiếu
home-nothing-showing = Hiện chưa có phim nào đang chiếu.
home-nothing-showing-genre = Hiện chưa có phim { $genre } nào đang chiếu.
home-coming-soon = Phim sắp chiếu
home-no-releases = Chưa có phim nào sắp ra mắt.
home-no-releases-genre = Chưa có phim { $genre } nào sắp ra mắt.
home-from-date = Khởi chiếu { $date }

## Trang phim
movie-poster-of = Áp phích phim { $title }
movie-runtime = Thời lượng
movie-genres = Thể loại
movie-release = Khởi chiếu
movie-director = Đạo diễn
movie-country = Quốc gia
movie-audio = Ngôn ngữ
movie-lang-ORIGINAL = nguyên bản
movie-lang-SUBTITLE = phụ đề
movie-lang-DUBBED = lồng tiếng
movie-cast = Diễn viên
movie-as-role = vai { $role }
movie-showtimes = Lịch chiếu
movie-no-showtimes = Chưa có suất chiếu nào sắp tới.
movie-sold-out = Hết vé
movie-almost-full = Sắp hết vé
movie-subtitled = Phụ đề
movie-seats-of = Còn { $left }/{ $total } ghế
movie-cinema = Rạp

## Đăng nhập, đăng ký
login-title = Đăng nhập
login-email = E-mail
login-password = Mật khẩu
login-submit = Đăng nhập
login-new-here = Lần đầu đến với MovieHub?
login-create-account = Tạo tài khoản
login-err-credentials = E-mail hoặc mật khẩu không đúng.
login-err-rate-limited = Bạn đã thử đăng nhập quá nhiều lần. Vui lòng thử lại sau { $minutes } phút.
register-title = Tạo tài khoản
register-full-name = Họ và tên
register-password = Mật khẩu (ít nhất 8 ký tự)
register-submit = Tạo tài khoản
register-have-account = Đã có tài khoản?
register-err-email = E-mail không hợp lệ. Vui lòng nhập một địa chỉ như ten@vidu.vn.
register-err-password = Mật khẩu cần từ 8 ký tự trở lên (tối đa 256).
register-err-full_name = Vui lòng nhập họ và tên (tối đa 100 ký tự).
register-err-phone = Số điện thoại chỉ gồm chữ số, dấu cách, + và -, tối đa 20 ký tự.
register-err-email-taken = Đã có tài khoản dùng e-mail này. Hãy đăng nhập.

## Vé của tôi
mine-title = Vé của tôi
mine-no-more = Không còn đơn nào nữa.
mine-none-yet = Bạn chưa đặt vé nào.
mine-find-movie = Tìm phim
mine-seats = Ghế { $seats }
mine-more = Các đơn khác
mine-newer = Mới hơn
mine-older = Cũ hơn


## Sơ đồ ghế
seatmap-title = Chọn ghế · { $movie }
seatmap-venue = Rạp
seatmap-not-on-sale = Suất chiếu này hiện không mở bán.
seatmap-sign-in-link = Đăng nhập
seatmap-sign-in-after = để chọn ghế. Trong lúc chờ, bạn vẫn có thể xem sơ đồ phòng chiếu.
seatmap-screen = Màn hình
seatmap-hall-label = Sơ đồ ghế, màn hình ở phía trên
seatmap-legend = Chú thích
seatmap-available = Ghế trống
seatmap-mine = Ghế của bạn
seatmap-held = Đang có người chọn
seatmap-sold = Đã bán
seatmap-unavailable = Không sử dụng được
seatmap-quote-lines = Giá từng ghế
seatmap-total = Tổng cộng
seatmap-hold-note = Ghế được giữ cho bạn trong { $n } phút khi bạn chọn.

## Sơ đồ ghế (mã JavaScript)
js-seatmap-connecting = Đang kết nối…
js-seatmap-live = Trực tiếp: ghế cập nhật ngay khi người khác chọn
js-seatmap-connection-lost = Mất kết nối: đang kết nối lại…
js-seatmap-reconnecting = Đang kết nối lại… Vui lòng thử lại sau giây lát.
js-seatmap-seat = Hàng { $row } ghế { $number }, { $type }, { $price }
js-seatmap-state-mine = bạn đã chọn
js-seatmap-state-held = đang có người khác chọn
js-seatmap-state-sold = đã bán
js-seatmap-state-off = không sử dụng được
js-seatmap-selected = Ghế { $seats }
js-seatmap-none = Chưa chọn ghế nào
js-seatmap-held-for = Giữ chỗ còn { $time }
js-seatmap-session-expired = Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.
js-seatmap-load-failed = Không tải được sơ đồ ghế. Vui lòng tải lại trang.
js-seatmap-hold-ran-out = Hết thời gian giữ chỗ, các ghế đó đã được trả lại.
js-seatmap-limit = Bạn chỉ được giữ tối đa { $limit } ghế cho suất chiếu này. Hãy bỏ chọn một ghế để chọn ghế khác.
js-seatmap-sign-in = Vui lòng đăng nhập để chọn ghế.
js-seatmap-not-on-sale = Suất chiếu này hiện không mở bán.
js-seatmap-err-seat_taken = Ghế này đang có người chọn. Vui lòng chọn ghế khác.
js-seatmap-err-seat_sold = Ghế này đã được bán. Vui lòng chọn ghế khác.
js-seatmap-err-seat_out_of_order = Ghế này hiện không sử dụng được.
js-seatmap-err-couple_partner_unavailable = Ghế đôi được bán theo cặp, nhưng ghế bên cạnh không còn trống.
js-seatmap-err-box_office_only = Những ghế cuối cùng của suất chiếu này chỉ bán tại quầy vé.
js-seatmap-err-not_held = Bạn không còn giữ ghế này.
js-seatmap-err-forbidden = Tài khoản của bạn không được phép đặt ghế.
js-seatmap-err-unknown_seat = Không tìm thấy ghế này. Vui lòng tải lại trang.

## Tiếp tục và đơn đặt vé (mã JavaScript)
js-checkout-continue = Tiếp tục
js-checkout-continue-one = Tiếp tục với 1 ghế · { $total }
js-checkout-continue-many = Tiếp tục với { $n } ghế · { $total }
js-checkout-booking = Đang đặt vé…
js-checkout-no-connection = Không có kết nối mạng. Vui lòng kiểm tra và thử lại.
js-checkout-hold-ran-out = Ghế bạn giữ đã hết thời gian. Vui lòng chọn lại.
js-checkout-seat-taken = Có người vừa đặt một trong các ghế này. Vui lòng chọn ghế khác.
js-checkout-press-again = Vui lòng bấm Tiếp tục lần nữa.
js-checkout-book-failed = Không đặt được vé. Vui lòng thử lại.
js-checkout-time-up = Hết thời gian: đơn đặt vé đã hết hạn và ghế đã được trả lại.
js-checkout-opening-vnpay = Đang mở VNPay…
js-checkout-not-payable = Đơn đặt vé này không thể thanh toán nữa. Đang tải lại…
js-checkout-pay-unavailable = Thanh toán trực tuyến tạm thời chưa dùng được. Vui lòng thử lại sau.
js-checkout-cancel-confirm = Hủy đơn đặt vé này và trả lại ghế?
js-checkout-cancelling = Đang hủy…
js-checkout-cancel-failed = Không hủy được đơn đặt vé. Vui lòng thử lại.
js-checkout-not-confirmed = VNPay chưa xác nhận thanh toán. Nếu bạn đã bị trừ tiền, vé sẽ hiện ở đây ngay khi VNPay xác nhận; hãy tải lại trang sau một phút.

## Đơn đặt vé
checkout-title = Đặt vé · { $movie }
booking-status-PENDING = Chờ thanh toán
booking-status-CONFIRMED = Đã thanh toán
booking-status-COMPLETED = Đã xem
booking-status-CANCELLED = Đã hủy
booking-status-EXPIRED = Hết hạn
booking-tickets = Vé của bạn
booking-tickets-help = Đưa mã QR cho nhân viên soát vé ở cửa. Mỗi ghế một vé.
booking-print = In vé
booking-hall = Phòng
booking-seat = Ghế
booking-type = Loại ghế
booking-qr-alt = Mã QR của vé ghế { $seat }
booking-ticket-used = Đã sử dụng
booking-ticket-cancelled = Đã hủy
booking-expired-note = Đơn đặt vé đã hết hạn trước khi được thanh toán nên ghế đã được trả lại.
booking-cancelled-note = Đơn đặt vé đã được hủy. Bạn không bị trừ tiền cho đơn này.
booking-refund-note = Chúng tôi đã nhận khoản thanh toán { $amount } nhưng không thể dùng cho đơn này, nên số tiền sẽ được hoàn lại cho bạn. Quầy vé có thể hỗ trợ nếu bạn cần.
booking-refunded-note = Khoản thanh toán { $amount } cho đơn này đã được hoàn lại cho bạn.
booking-choose-again = Chọn ghế lại
booking-order = Thông tin đơn hàng
booking-price = Giá
booking-total = Tổng cộng
booking-booked = Đặt lúc { $when } · Mã đơn { $id }
booking-payment = Thanh toán
booking-pay-within = Thanh toán trong
booking-kept = Ghế được giữ cho bạn đến lúc đó.
booking-confirming = Đã nhận thanh toán, đang xác nhận…
booking-last-failure = Lần thanh toán trước không thành công: { $reason }. Bạn có thể thử lại.
booking-pay = Thanh toán bằng VNPay · { $total }
booking-cancel = Hủy đặt vé
booking-pay-note = Bạn sẽ được chuyển sang VNPay để thanh toán bằng thẻ, ứng dụng ngân hàng hoặc mã QR, rồi quay lại đây để nhận vé.

## Kết quả thanh toán
payresult-title = Kết quả thanh toán
payresult-invalid = Chữ ký không hợp lệ
payresult-invalid-reason = Không xác minh được kết quả thanh toán này. Không có gì thay đổi.
payresult-paid = Thanh toán thành công
payresult-paid-reason = Vé của bạn đã sẵn sàng.
payresult-confirming-reason = Đã nhận thanh toán, đang xác nhận… Vé sẽ hiện ngay khi VNPay xác nhận giao dịch.
payresult-refund = Đã nhận tiền, đơn đặt vé chưa được xác nhận
payresult-refund-reason = Chúng tôi đã nhận khoản thanh toán này nhưng không thể dùng cho đơn đặt vé (đơn đã được thanh toán, đã hủy hoặc ghế đã được trả lại), nên số tiền sẽ được hoàn lại cho bạn. Quầy vé có thể hỗ trợ nếu bạn cần.
payresult-failed = Thanh toán không thành công
payresult-failed-reason = { $reason }. Bạn không bị trừ tiền.
payresult-amount = Số tiền
payresult-order = Nội dung
payresult-txn = Mã giao dịch
payresult-code = Mã phản hồi
payresult-see-tickets = Xem vé của bạn
payresult-to-booking = Đến đơn đặt vé
payresult-retry = Quay lại đơn đặt vé để thử lại
payresult-see-booking = Xem đơn đặt vé
payresult-vnp-07 = Tiền đã bị trừ nhưng giao dịch bị nghi ngờ gian lận
payresult-vnp-09 = Thẻ hoặc tài khoản chưa đăng ký dịch vụ Internet Banking
payresult-vnp-10 = Xác thực thông tin thẻ hoặc tài khoản sai quá 3 lần
payresult-vnp-11 = Đã hết thời gian chờ thanh toán
payresult-vnp-12 = Thẻ hoặc tài khoản bị khóa
payresult-vnp-13 = Mật khẩu xác thực giao dịch (OTP) không đúng
payresult-vnp-24 = Bạn đã hủy giao dịch
payresult-vnp-51 = Tài khoản không đủ số dư
payresult-vnp-65 = Tài khoản đã vượt quá hạn mức giao dịch trong ngày
payresult-vnp-75 = Ngân hàng thanh toán đang bảo trì
payresult-vnp-79 = Nhập sai mật khẩu thanh toán quá số lần quy định
payresult-vnp-other = Thanh toán không thành công

## Soát vé
scan-title = Soát vé
scan-forbidden = Trang soát vé dành cho nhân viên soát vé. Hãy nhờ quản lý cấp quyền soát vé cho tài khoản của bạn.
scan-change-door = Đổi cửa
scan-door-question = Bạn đang đứng ở cửa nào?
scan-door-placeholder = VD: 2 hoặc Cửa phòng 3
scan-door-use = Dùng cửa này
scan-door-help = Chỉ cần chọn một lần trên thiết bị này; mỗi lượt soát vé đều ghi lại cửa.
scan-admit = Cho vào
scan-any-show = Mọi suất chiếu hôm nay
scan-camera-view = Hình ảnh camera
scan-start-camera = Bật camera
scan-manual-label = Mã vé (in dưới mã QR) hoặc nội dung QR
scan-help = Cửa mở { $n } phút trước giờ chiếu. Giờ hiển thị theo giờ địa phương của rạp.
scan-retry = Thử lại

## Soát vé (mã JavaScript)
js-scan-fullscreen = Toàn màn hình
js-scan-exit-fullscreen = Thoát toàn màn hình
js-scan-door = Cửa: { $door }
js-scan-door-number = cửa { $door }
js-scan-point = Hướng camera vào mã QR trên vé
js-scan-choose-door = Hãy chọn cửa trước.
js-scan-seat = Ghế { $seat }
js-scan-next = Chạm để quét vé tiếp theo
js-scan-cancel-hint = Chạm chỗ khác để hủy
js-scan-ok = Vé hợp lệ
js-scan-used = Vé đã được sử dụng
js-scan-used-at = Vé đã được sử dụng lúc { $time }
js-scan-used-by = Vé đã được sử dụng tại { $door }
js-scan-used-at-by = Vé đã được sử dụng lúc { $time } tại { $door }
js-scan-wrong-show = Sai suất chiếu: vé này của phim { $movie } lúc { $time }
js-scan-too-early = Quá sớm: cửa mở lúc { $time }
js-scan-starts = Suất chiếu bắt đầu lúc { $time }.
js-scan-cancelled = Vé đã bị hủy
js-scan-cancelled-detail = Mời khách đến quầy vé.
js-scan-forged = Mã QR giả hoặc bị hỏng
js-scan-forged-detail = Đây không phải vé của rạp này. Hãy thử mã in dưới mã QR.
js-scan-unknown = Mã vé không tồn tại
js-scan-unknown-detail = Không có vé nào mang mã này. Hãy kiểm tra lại với khách.
js-scan-refused = Không cho vào
js-scan-unexpected = Phản hồi không mong đợi: { $result }
js-scan-not-checked = Chưa soát được vé
js-scan-server-answered = Máy chủ trả lời mã { $status }.
js-scan-offline = Máy soát vé đang mất kết nối.
js-scan-resend = Hãy thử lại: lượt quét được gửi lại y nguyên nên không bị tính hai lần.
js-scan-check-in = Soát vé
js-scan-checking = Đang kiểm tra…
js-scan-bad-code = Mã vé không đúng. Hãy kiểm tra lại từng ký tự.
js-scan-bad-qr = Không đọc được nội dung mã QR này. Hãy thử mã in dưới mã QR.
js-scan-forbidden = Tài khoản của bạn không có quyền soát vé.
js-scan-too-many = Quét quá nhanh. Vui lòng đợi một chút rồi thử lại.
js-scan-type-code = Hãy nhập mã vé in dưới mã QR.
js-scan-starting = Đang bật camera…
js-scan-no-camera-api = Trình duyệt này không dùng được camera. Hãy nhập mã vé bên dưới.
js-scan-needs-https = Camera cần kết nối bảo mật (https) tới trang này. Hãy nhập mã vé bên dưới.
js-scan-denied = Quyền dùng camera bị từ chối. Hãy cho phép camera cho trang này trong cài đặt trình duyệt, hoặc nhập mã vé bên dưới.
js-scan-no-camera = Không tìm thấy camera trên thiết bị này. Hãy nhập mã vé bên dưới.
js-scan-camera-busy = Camera đang được ứng dụng khác sử dụng. Hãy đóng ứng dụng đó rồi bấm Bật camera, hoặc nhập mã bên dưới.
js-scan-camera-failed = Không bật được camera. Hãy nhập mã vé bên dưới.
js-scan-tap-start = Bấm Bật camera để quét mã QR.
js-scan-no-qr = Trình duyệt này không đọc được mã QR. Hãy nhập mã vé bên dưới.
js-scan-paused = Đã tạm dừng camera

## Quầy vé (kiosk): tiêu đề trang
kiosk-title-home = Quầy vé
kiosk-title-sale = Bán vé · { $movie }
kiosk-title-tickets = In vé
kiosk-title-close = Đóng ca
kiosk-title-closed = Đã đóng ca
kiosk-title-cashups = Kết ca

## Quầy vé: màn hình chính
kiosk-today-heading = Suất chiếu hôm nay
kiosk-till-since = ca mở lúc { $time }, tiền đầu ca { $float }
kiosk-till-nav = Ca làm việc
kiosk-cashups = Kết ca
kiosk-close-till = Đóng ca
kiosk-no-shows = Rạp không còn suất chiếu nào mở bán trong hôm nay.
kiosk-sold-pct = Đã bán { $pct }%
kiosk-sold-out = Hết vé
kiosk-open-heading = Mở ca
kiosk-open-hint = { $cinema } · đếm số tiền bạn bỏ vào két.
kiosk-float-label = Tiền đầu ca (₫)
kiosk-common-floats = Mức tiền đầu ca thường dùng
kiosk-open-submit = Mở ca
kiosk-pick-cinema = Quầy vé này ở rạp nào?
kiosk-no-cinema = Hệ thống chưa có rạp nào.

## Quầy vé: lỗi
kiosk-err-staff-only = Quầy vé chỉ dành cho nhân viên bán vé. Hãy đăng nhập bằng tài khoản thu ngân.
kiosk-err-float = Hãy nhập tiền đầu ca bằng số đồng chẵn, ví dụ 1.000.000.
kiosk-err-pick-cinema = Hãy chọn rạp của quầy vé này.
kiosk-err-already-open = Bạn đang có một ca chưa đóng. Hãy đóng ca đó trước khi mở ca mới.
kiosk-err-wrong-cinema = Suất chiếu này ở rạp khác với rạp của ca bạn đang mở.
kiosk-err-count = Hãy nhập số tiền đếm được trong két bằng số đồng chẵn.
kiosk-err-sheets = Số tờ phải là số nguyên không âm.

## Quầy vé: màn hình bán vé
kiosk-back-showtimes = ← Suất chiếu
kiosk-not-on-sale = Suất chiếu này không mở bán.
kiosk-connecting = Đang kết nối…
kiosk-screen = Màn hình
kiosk-seats-label = Sơ đồ ghế, màn hình ở phía trên
kiosk-legend = Chú thích
kiosk-legend-available = Còn trống
kiosk-legend-mine = Trong giỏ
kiosk-legend-held = Đang có người chọn
kiosk-legend-sold = Đã bán
kiosk-rating = Phân loại { $code }
kiosk-check-id = Kiểm tra giấy tờ
kiosk-basket = Giỏ vé
kiosk-no-seats = Chưa chọn ghế nào
kiosk-tap-seats = Chạm vào ghế trên sơ đồ
kiosk-total = Tổng cộng
kiosk-pay-cash = TIỀN MẶT
kiosk-pay-card = THẺ
kiosk-cash-total = Tiền mặt · tổng
kiosk-tendered-group = Mệnh giá khách đưa
kiosk-exact = Đưa đủ
kiosk-clear = Xoá
kiosk-tendered = Tiền khách đưa
kiosk-keypad = Bàn phím số
kiosk-change = Tiền thối
kiosk-back = Quay lại
kiosk-confirm = Xác nhận
kiosk-card-total = Thẻ · tổng
kiosk-card-ref = Mã giao dịch máy POS
kiosk-sold = Đã bán
kiosk-change-due = Tiền thối cho khách
kiosk-print-frame = Vé cần in
kiosk-print = In vé
kiosk-next-customer = Khách tiếp theo
kiosk-keys-hint = Phím tắt: Enter để xác nhận, Esc để quay lại.

## Quầy vé: đóng ca
kiosk-close-heading = Đóng ca
kiosk-open-since = Ca mở lúc { $time }.
kiosk-count-hint = Đếm toàn bộ tiền trong két, kể cả tiền đầu ca, theo từng mệnh giá.
kiosk-denominations = Kiểm đếm theo mệnh giá
kiosk-note = Mệnh giá
kiosk-sheets = Số tờ
kiosk-subtotal = Thành tiền
kiosk-sheets-of = Số tờ { $note }
kiosk-counted-label = Tổng tiền đếm được (₫)
kiosk-counted-hint = Tự cộng khi bạn nhập số tờ; cũng có thể nhập thẳng tổng tiền.
kiosk-review = Kiểm đếm xong
kiosk-confirm-heading = Xác nhận đóng ca
kiosk-confirm-total = Tổng tiền trong két
kiosk-confirm-hint = Sau khi đóng ca, số tiền này không sửa được nữa.
kiosk-recount = Đếm lại
kiosk-confirm-close = Xác nhận đóng ca
kiosk-closed-heading = Đã đóng ca
kiosk-variance = Chênh lệch
kiosk-variance-ok = Tiền trong két khớp với hệ thống.
kiosk-variance-short = Két bị thiếu tiền.
kiosk-variance-over = Két bị dư tiền.
kiosk-expected = Tiền mặt theo hệ thống
kiosk-counted = Tiền đếm được
kiosk-float = Tiền đầu ca
kiosk-cash-sales = Doanh thu tiền mặt
kiosk-card-sales = Doanh thu thẻ
kiosk-cash-refunds = Hoàn tiền mặt
kiosk-sale-count = Số giao dịch
kiosk-new-till = Mở ca mới

## Quầy vé: danh sách kết ca
kiosk-cashups-heading = Kết ca
kiosk-cashups-all = Tất cả thu ngân
kiosk-cashups-mine = Các ca bạn đã đóng
kiosk-cashups-total = tổng cộng { $n } ca
kiosk-to-kiosk = Quầy vé
kiosk-no-cashups = Chưa có ca nào được đóng.
kiosk-col-closed = Đóng lúc
kiosk-col-cashier = Thu ngân
kiosk-col-cinema = Rạp
kiosk-pages = Trang
kiosk-newer = ← Mới hơn
kiosk-older = Cũ hơn →
kiosk-page = Trang { $n }

## Quầy vé: vé in
kiosk-ticket-hall = Phòng
kiosk-ticket-row = Hàng
kiosk-ticket-seat = Ghế
kiosk-ticket-qr = Mã QR của vé { $code }
kiosk-ticket-vat = Giá vé đã bao gồm thuế GTGT (VAT).
kiosk-ticket-none = Không có vé: đơn này chưa được thanh toán.

## Quầy vé: mã JavaScript
js-kiosk-tap-seats = Chạm vào ghế trên sơ đồ
js-kiosk-short-by = Còn thiếu { $amount }
js-kiosk-session-expired = Phiên đăng nhập đã hết hạn: hãy đăng nhập lại.
js-kiosk-offline = Không kết nối được máy chủ. Hãy kiểm tra kết nối rồi xác nhận lại.
js-kiosk-need-reference = Hãy nhập mã giao dịch của máy POS.
js-kiosk-card-paid = Thẻ { $ref }
js-kiosk-err-no-till = Bạn chưa mở ca. Hãy mở ca trước khi bán vé.
js-kiosk-err-wrong-cinema = Ca của bạn ở rạp khác với rạp của suất chiếu này.
js-kiosk-err-tendered = Tiền khách đưa ít hơn tổng tiền.
js-kiosk-err-seat-taken = Có ghế vừa được bán cho khách khác. Hãy chọn ghế khác.
js-kiosk-err-not-pending = Đơn này không còn chờ thanh toán. Hãy tải lại trang.
js-kiosk-err-booking = Không tạo được đơn đặt vé (lỗi { $status }).
js-kiosk-err-payment = Không thanh toán được (lỗi { $status }).

## Quầy vé: tìm đơn đặt vé, nhớ rạp
kiosk-find = Tìm đơn đặt vé
kiosk-title-find = Tìm đơn đặt vé
kiosk-find-heading = Tìm đơn đặt vé
kiosk-find-back = ← Về quầy vé
kiosk-find-label = Mã đặt vé, mã vé, số điện thoại hoặc e-mail của khách
kiosk-find-hint = Quét mã QR trên vé bằng máy quét, hoặc gõ rồi nhấn Enter.
kiosk-find-submit = Tìm
kiosk-find-empty = Hãy nhập mã đặt vé, mã vé, số điện thoại hoặc e-mail của khách.
kiosk-find-bad = Không nhận ra nội dung vừa nhập. Hãy nhập mã đặt vé, mã vé (28 ký tự), số điện thoại hoặc e-mail của khách.
kiosk-find-bad-code = Mã vé bị gõ sai (ký tự kiểm tra không khớp). Hãy kiểm tra lại từng ký tự.
kiosk-find-bad-qr = Mã QR này không phải vé MovieHub. Hãy quét lại hoặc gõ mã vé.
kiosk-find-none = Không tìm thấy đơn đặt vé nào với “{ $query }”.
kiosk-find-count = Tìm thấy { $n } đơn đặt vé
kiosk-find-when = Suất chiếu
kiosk-find-seats = Ghế
kiosk-find-code = Mã đặt vé { $code }
kiosk-find-print = In vé
kiosk-find-no-print = Đơn chưa thanh toán hoặc đã đóng: không in vé được.
kiosk-change-cinema = Đổi rạp
seatmap-zoom = Thu phóng sơ đồ ghế
seatmap-zoom-in = Phóng to
seatmap-zoom-out = Thu nhỏ
seatmap-zoom-fit = Xem toàn phòng
js-seatmap-state-other-window = bạn đã chọn từ một cửa sổ khác
js-seatmap-other-window = Ghế { $seats } được chọn từ một cửa sổ khác.
js-seatmap-other-window-many = Các ghế { $seats } được chọn từ một cửa sổ khác.
js-seatmap-other-confirm = Đặt cả ghế { $seats } (được chọn từ một cửa sổ khác) trong đơn này?
js-seatmap-other-yes = Có, đặt cả ghế đó
js-seatmap-other-no = Không, trả lại ghế đó
js-seatmap-lost = Trong lúc mất kết nối, người khác đã chọn ghế { $seats }. Vui lòng chọn ghế khác.
js-seatmap-err-sales_closed = Suất chiếu đã bắt đầu, không thể đặt vé trực tuyến nữa.
js-seatmap-seat-gap = Không thể để trống một ghế lẻ ({ $seat }) giữa các ghế đã chọn. Hãy chọn thêm ghế đó hoặc các ghế liền nhau.
js-seatmap-seat-gap-any = Không thể để trống một ghế lẻ giữa các ghế đã chọn. Hãy chọn các ghế liền nhau.

## Chọn theo rạp
cinemas-title = Rạp chiếu
cinemas-none = Chưa có rạp nào.
cinemas-browse = Chọn theo rạp
cinema-dates = Chọn ngày
cinema-no-shows = Rạp chưa có suất chiếu nào trong ngày này.
cinema-subtitled = Phụ đề
cinema-dubbed = Lồng tiếng
cinema-original = Nguyên bản
cinema-price-from = Từ { $price }
cinema-started = Đã bắt đầu
cinema-not-on-sale = Chưa mở bán
cinema-err-date = Hãy chọn một ngày từ hôm nay đến { $last }.
err-no-cinema = Không tìm thấy rạp này.
js-kiosk-err-sales-closed = Đã hết giờ bán vé tại quầy cho suất chiếu này.
seatmap-started = Suất chiếu đã bắt đầu nên không bán vé trực tuyến nữa. Vé còn bán tại quầy trong ít phút đầu.
kiosk-note-keypad = Bàn phím nhập số tờ
kiosk-key-00 = Hai số không
kiosk-key-000 = Ba số không
kiosk-key-backspace = Xoá chữ số cuối
kiosk-key-clear = Xoá số tờ của mệnh giá này
kiosk-key-next = Tiếp
kiosk-key-next-label = Sang mệnh giá tiếp theo
