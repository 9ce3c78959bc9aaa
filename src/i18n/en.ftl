# MovieHub: English. Every key here is also in vi.ftl.
# Keys starting with "js-" go to the page's scripts; { $name } is filled in by the browser.

## Page frame
nav-account = Account
nav-my-bookings = My bookings
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-register = Create account
nav-menu = Menu
nav-kiosk = Box office
nav-scanner = Ticket scanner
nav-cashups = Cash-ups
footer-vat = prices include VAT

## Dates and times
weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday
day-today = Today
day-tomorrow = Tomorrow
minutes = { $n } min
seats-left = { $n ->
    [one] { $n } seat left
   *[other] { $n } seats left
}

## Age ratings (Vietnam's film classification)
rating-P = P: for viewers of all ages.
rating-K = K: for viewers under 13 when watching with a parent or guardian.
rating-T13 = T13: for viewers aged 13 and over.
rating-T16 = T16: for viewers aged 16 and over.
rating-T18 = T18: for viewers aged 18 and over.
rating-C = C: not allowed to be shown.

## Seat types
seat-STANDARD = Standard
seat-VIP = VIP
seat-COUPLE = Couple
seat-PREMIUM = Premium
seat-WHEELCHAIR = Wheelchair

## Errors
err-title = Something went wrong
err-internal = Something went wrong. Please try again later.
err-back-home = Back to the movies
err-no-page = There is no page at this address.
err-bad-request = That request was not valid. Please check what you entered.
err-forbidden = You are not allowed to do that.
err-not-found = We could not find what you were looking for.
err-conflict = That could not be done because something changed meanwhile. Please reload the page.
err-too-many = Too many attempts. Please wait a few minutes and try again.
err-cross-site = This form must be sent from a MovieHub page.
err-no-movie = We could not find that movie.
err-no-showtime = We could not find that showtime.
err-no-booking = We could not find that booking.

## Shared by the scripts
js-error-generic = That did not work. Please try again.
js-offline = Offline: retrying…
js-seat-STANDARD = Standard
js-seat-VIP = VIP
js-seat-COUPLE = Couple
js-seat-PREMIUM = Premium
js-seat-WHEELCHAIR = Wheelchair

## Home
home-title = Now showing
home-search-label = Search movies
home-search-placeholder = Search title, director, cast…
home-genre = Genre
home-all-genres = All genres
home-search = Search
home-results-for = Results for “{ $q }”
home-no-match = No movie matches. Try fewer words or another genre.
home-clear-search = Clear search
home-now-showing = Now showing
home-nothing-showing = Nothing showing right now.
home-nothing-showing-genre = Nothing showing in { $genre } right now.
home-coming-soon = Coming soon
home-no-releases = No announced releases.
home-no-releases-genre = No announced releases in { $genre }.
home-from-date = From { $date }

## Movie page
movie-poster-of = Poster of { $title }
movie-runtime = Runtime
movie-genres = Genres
movie-release = Release
movie-director = Director
movie-country = Country
movie-audio = Audio
movie-lang-ORIGINAL = original
movie-lang-SUBTITLE = subtitled
movie-lang-DUBBED = dubbed
movie-cast = Cast
movie-as-role = as { $role }
movie-showtimes = Showtimes
movie-no-showtimes = No upcoming showtimes at this cinema.
movie-sold-out = Sold out
movie-almost-full = Almost full
movie-subtitled = Subtitled
movie-seats-of = { $left } of { $total } seats left
movie-cinema = Cinema

## Sign in, register
login-title = Sign in
login-email = E-mail
login-password = Password
login-submit = Sign in
login-new-here = New here?
login-create-account = Create an account
login-err-credentials = Wrong e-mail or password.
login-err-rate-limited = Too many sign-in attempts. Please try again in { $minutes } min.
register-title = Create account
register-full-name = Full name
register-password = Password (at least 8 characters)
register-submit = Create account
register-have-account = Already have an account?
register-err-email = That e-mail address is not valid. Enter one like name@example.com.
register-err-password = The password needs at least 8 characters (at most 256).
register-err-full_name = Please enter your full name (at most 100 characters).
register-err-phone = A phone number has digits, spaces, + and - only, at most 20.
register-err-email-taken = An account with this e-mail already exists. Please sign in.

## My bookings
mine-title = My bookings
mine-no-more = No more bookings.
mine-none-yet = You have no bookings yet.
mine-find-movie = Find a movie
mine-seats = Seats { $seats }
mine-more = More bookings
mine-newer = Newer
mine-older = Older


## Seat map
seatmap-title = Seats · { $movie }
seatmap-venue = Cinema
seatmap-not-on-sale = This showtime is not on sale.
seatmap-sign-in-link = Sign in
seatmap-sign-in-after = to choose seats. You can look at the hall meanwhile.
seatmap-screen = Screen
seatmap-hall-label = Seats, screen at the top
seatmap-legend = Legend
seatmap-available = Available
seatmap-mine = Your seats
seatmap-held = Being chosen
seatmap-sold = Sold
seatmap-unavailable = Not available
seatmap-quote-lines = Price of each seat
seatmap-total = Total
seatmap-hold-note = { $n ->
    [one] Seats are held for { $n } minute while you choose.
   *[other] Seats are held for { $n } minutes while you choose.
}

## Seat map (scripts)
js-seatmap-connecting = Connecting…
js-seatmap-live = Live: seats update as others choose
js-seatmap-connection-lost = Connection lost: reconnecting…
js-seatmap-reconnecting = Reconnecting… try again in a moment.
js-seatmap-seat = Row { $row } seat { $number }, { $type }, { $price }
js-seatmap-state-mine = selected
js-seatmap-state-held = being chosen by someone else
js-seatmap-state-sold = sold
js-seatmap-state-off = not available
js-seatmap-selected = Seats { $seats }
js-seatmap-none = No seats selected
js-seatmap-held-for = Held for { $time }
js-seatmap-session-expired = Your session has expired. Please sign in again.
js-seatmap-load-failed = The seat map could not be loaded. Please reload the page.
js-seatmap-hold-ran-out = Your hold ran out, so those seats are free again.
js-seatmap-limit = The most seats you can hold for this showtime is { $limit }. Release one to pick another.
js-seatmap-sign-in = Sign in to choose seats.
js-seatmap-not-on-sale = This showtime is not on sale.
js-seatmap-err-seat_taken = Someone else is choosing this seat. Please pick another.
js-seatmap-err-seat_sold = This seat has already been sold. Please pick another.
js-seatmap-err-seat_out_of_order = This seat cannot be used right now.
js-seatmap-err-couple_partner_unavailable = Couple seats are sold as a pair, and the seat beside this one is not free.
js-seatmap-err-box_office_only = The last seats of this showtime are sold at the box office only.
js-seatmap-err-not_held = You are no longer holding this seat.
js-seatmap-err-forbidden = Your account may not hold seats.
js-seatmap-err-unknown_seat = We could not find that seat. Please reload the page.

## Continue and the booking (scripts)
js-checkout-continue = Continue
js-checkout-continue-one = Continue with 1 seat · { $total }
js-checkout-continue-many = Continue with { $n } seats · { $total }
js-checkout-booking = Booking…
js-checkout-no-connection = No connection. Check your network and try again.
js-checkout-hold-ran-out = Your hold on these seats ran out. Please pick them again.
js-checkout-seat-taken = Someone else just booked one of these seats. Please pick another.
js-checkout-press-again = Please press Continue again.
js-checkout-book-failed = The booking could not be made. Please try again.
js-checkout-time-up = Time is up: this booking has expired and its seats were released.
js-checkout-opening-vnpay = Opening VNPay…
js-checkout-not-payable = This booking can no longer be paid. Reloading…
js-checkout-pay-unavailable = Online payment is not available right now. Please try again later.
js-checkout-cancel-confirm = Cancel this booking and release the seats?
js-checkout-cancelling = Cancelling…
js-checkout-cancel-failed = The booking could not be cancelled. Please try again.
js-checkout-not-confirmed = VNPay has not confirmed the payment yet. If you were charged, your tickets appear here once it does; refresh in a minute.

## The booking
checkout-title = Booking · { $movie }
booking-status-PENDING = Awaiting payment
booking-status-CONFIRMED = Paid
booking-status-COMPLETED = Watched
booking-status-CANCELLED = Cancelled
booking-status-EXPIRED = Expired
booking-tickets = Your tickets
booking-tickets-help = Show the QR code at the door. One ticket per seat.
booking-print = Print tickets
booking-hall = Hall
booking-seat = Seat
booking-type = Type
booking-qr-alt = QR code of the ticket for seat { $seat }
booking-ticket-used = Used
booking-ticket-cancelled = Cancelled
booking-expired-note = This booking expired before it was paid, so its seats were released.
booking-cancelled-note = This booking was cancelled. Nothing was charged for it.
booking-refund-note = We received a payment of { $amount } that could not be used for this booking, so it will be refunded to you. The box office can help if you have questions.
booking-refunded-note = The payment of { $amount } for this booking has been refunded to you.
booking-choose-again = Choose seats again
booking-order = Order summary
booking-price = Price
booking-total = Total
booking-booked = Booked { $when } · Reference { $id }
booking-payment = Payment
booking-pay-within = Pay within
booking-kept = Your seats are kept for you until then.
booking-confirming = Payment received, confirming…
booking-last-failure = Your last payment did not go through: { $reason }. You can try again.
booking-pay = Pay with VNPay · { $total }
booking-cancel = Cancel booking
booking-pay-note = You will be taken to VNPay to pay by card, bank app or QR, then brought back here for your tickets.

## Payment result
payresult-title = Payment result
payresult-invalid = Invalid signature
payresult-invalid-reason = This payment result could not be verified. Nothing was changed.
payresult-paid = Payment successful
payresult-paid-reason = Your tickets are ready.
payresult-confirming-reason = Payment received, confirming… Your tickets appear as soon as VNPay confirms the payment.
payresult-refund = Payment received, booking not confirmed
payresult-refund-reason = We received this payment but could not use it for the booking (it was already paid, cancelled, or its seats were released), so it will be refunded to you. The box office can help if you have questions.
payresult-failed = Payment failed
payresult-failed-reason = { $reason }. You have not been charged.
payresult-amount = Amount
payresult-order = Order
payresult-txn = Transaction ref
payresult-code = Response code
payresult-see-tickets = See your tickets
payresult-to-booking = Go to your booking
payresult-retry = Back to your booking to try again
payresult-see-booking = See your booking
payresult-vnp-07 = Money deducted; transaction suspected of fraud
payresult-vnp-09 = Card or account not registered for Internet Banking
payresult-vnp-10 = Card or account authentication failed more than 3 times
payresult-vnp-11 = Payment timed out
payresult-vnp-12 = Card or account is locked
payresult-vnp-13 = Wrong OTP
payresult-vnp-24 = You cancelled the payment
payresult-vnp-51 = Insufficient balance
payresult-vnp-65 = Daily limit exceeded
payresult-vnp-75 = Bank under maintenance
payresult-vnp-79 = Wrong payment password too many times
payresult-vnp-other = Payment failed

## Door scanner
scan-title = Door scanner
scan-forbidden = The door scanner is for door staff. Ask a manager to give your account the usher role.
scan-change-door = Change door
scan-door-question = Which door are you at?
scan-door-placeholder = e.g. 2 or Hall 3 entrance
scan-door-use = Use this door
scan-door-help = Chosen once on this device; every check-in records it.
scan-admit = Admit
scan-any-show = Any showtime today
scan-camera-view = Camera view
scan-start-camera = Start camera
scan-manual-label = Ticket code (printed under the QR) or QR text
scan-help = { $n ->
    [one] Doors open { $n } minute before the show. Times are the cinema's local time.
   *[other] Doors open { $n } minutes before the show. Times are the cinema's local time.
}
scan-retry = Try again

## Door scanner (scripts)
js-scan-fullscreen = Full screen
js-scan-exit-fullscreen = Exit full screen
js-scan-door = Door: { $door }
js-scan-door-number = door { $door }
js-scan-point = Point the camera at the ticket's QR code
js-scan-choose-door = Choose your door first.
js-scan-seat = Seat { $seat }
js-scan-next = Tap to scan the next ticket
js-scan-cancel-hint = Tap elsewhere to cancel
js-scan-ok = Valid ticket
js-scan-used = Already used
js-scan-used-at = Already used at { $time }
js-scan-used-by = Already used by { $door }
js-scan-used-at-by = Already used at { $time } by { $door }
js-scan-wrong-show = Wrong showtime: this ticket is for { $movie } at { $time }
js-scan-too-early = Too early: doors open at { $time }
js-scan-starts = The show starts at { $time }.
js-scan-cancelled = Cancelled ticket
js-scan-cancelled-detail = Send the guest to the box office.
js-scan-forged = Forged or damaged QR code
js-scan-forged-detail = This is not a ticket of this cinema. Try the code printed under the QR.
js-scan-unknown = Unknown ticket code
js-scan-unknown-detail = No ticket has this code. Check it with the guest.
js-scan-refused = Not admitted
js-scan-unexpected = Unexpected answer: { $result }
js-scan-not-checked = Not checked
js-scan-server-answered = The server answered { $status }.
js-scan-offline = The scanner is offline.
js-scan-resend = Try again: the same scan is resent, so nothing is counted twice.
js-scan-check-in = Check in
js-scan-checking = Checking…
js-scan-bad-code = That ticket code is mistyped. Check it character by character.
js-scan-bad-qr = This QR code could not be read. Try the code printed under the QR.
js-scan-forbidden = Your account may not check tickets in.
js-scan-too-many = Scanning too fast. Wait a moment and try again.
js-scan-type-code = Type the ticket code printed under the QR code.
js-scan-starting = Starting the camera…
js-scan-no-camera-api = This browser cannot use a camera. Type the ticket code below.
js-scan-needs-https = The camera needs a secure (https) connection to this site. Type the ticket code below.
js-scan-denied = Camera permission was denied. Allow the camera for this site in the browser settings, or type the ticket code below.
js-scan-no-camera = No camera found on this device. Type the ticket code below.
js-scan-camera-busy = The camera is busy in another app. Close it and tap Start camera, or type the code below.
js-scan-camera-failed = The camera could not start. Type the ticket code below.
js-scan-tap-start = Tap Start camera to scan QR codes.
js-scan-no-qr = This browser cannot read QR codes. Type the ticket code below.
js-scan-paused = Camera paused

## Box office (kiosk): page titles
kiosk-title-home = Box office
kiosk-title-sale = Sell · { $movie }
kiosk-title-tickets = Tickets
kiosk-title-close = Close till
kiosk-title-closed = Till closed
kiosk-title-cashups = Cash-ups

## Box office: home
kiosk-today-heading = Today’s showtimes
kiosk-till-since = till open since { $time }, float { $float }
kiosk-till-nav = Till
kiosk-cashups = Cash-ups
kiosk-close-till = Close till
kiosk-no-shows = No more showtimes on sale today at this cinema.
kiosk-sold-pct = { $pct }% sold
kiosk-sold-out = Sold out
kiosk-open-heading = Open till
kiosk-open-hint = { $cinema } · count the cash you put in the drawer.
kiosk-float-label = Opening float (₫)
kiosk-common-floats = Common floats
kiosk-open-submit = Open till
kiosk-pick-cinema = Which cinema is this kiosk at?
kiosk-no-cinema = This site has no cinema yet.

## Box office: errors
kiosk-err-staff-only = The kiosk is for box-office staff. Sign in with a cashier account.
kiosk-err-float = Enter the float in whole dong, e.g. 1.000.000.
kiosk-err-pick-cinema = Choose this kiosk’s cinema.
kiosk-err-already-open = You already have an open till. Close it before opening another.
kiosk-err-wrong-cinema = This showtime is at another cinema than your till.
kiosk-err-count = Enter the cash counted in the drawer in whole dong.
kiosk-err-sheets = Note counts must be whole numbers, zero or more.

## Box office: sale screen
kiosk-back-showtimes = ← Showtimes
kiosk-not-on-sale = This showtime is not on sale.
kiosk-connecting = Connecting…
kiosk-screen = Screen
kiosk-seats-label = Seats, screen at the top
kiosk-legend = Legend
kiosk-legend-available = Available
kiosk-legend-mine = In basket
kiosk-legend-held = Being chosen
kiosk-legend-sold = Sold
kiosk-rating = Rated { $code }
kiosk-check-id = Check ID
kiosk-basket = Basket
kiosk-no-seats = No seats selected
kiosk-tap-seats = Tap seats on the map
kiosk-total = Total
kiosk-pay-cash = CASH
kiosk-pay-card = CARD
kiosk-cash-total = Cash · total
kiosk-tendered-group = Notes tendered
kiosk-exact = Exact
kiosk-clear = Clear
kiosk-tendered = Tendered
kiosk-keypad = Keypad
kiosk-change = Change
kiosk-back = Back
kiosk-confirm = Confirm
kiosk-card-total = Card · total
kiosk-card-ref = Terminal reference
kiosk-sold = Sold
kiosk-change-due = Change due
kiosk-print-frame = Tickets to print
kiosk-print = Print tickets
kiosk-next-customer = Next customer
kiosk-keys-hint = Keys: Enter confirms, Esc goes back.

## Box office: closing the till
kiosk-close-heading = Close till
kiosk-open-since = Open since { $time }.
kiosk-count-hint = Count all the cash in the drawer, float included, note by note.
kiosk-denominations = Count by note
kiosk-note = Note
kiosk-sheets = Count
kiosk-subtotal = Amount
kiosk-sheets-of = Number of { $note } notes
kiosk-counted-label = Cash counted (₫)
kiosk-counted-hint = Adds up as you enter the notes; you can also type the total.
kiosk-review = Done counting
kiosk-confirm-heading = Confirm closing the till
kiosk-confirm-total = Cash in the drawer
kiosk-confirm-hint = Once the till is closed this amount cannot be changed.
kiosk-recount = Count again
kiosk-confirm-close = Close till
kiosk-closed-heading = Till closed
kiosk-variance = Variance
kiosk-variance-ok = The drawer is exact.
kiosk-variance-short = The drawer is short.
kiosk-variance-over = The drawer is over.
kiosk-expected = Expected cash
kiosk-counted = Counted
kiosk-float = Opening float
kiosk-cash-sales = Cash sales
kiosk-card-sales = Card sales
kiosk-cash-refunds = Cash refunds
kiosk-sale-count = Sales
kiosk-new-till = Open a new till

## Box office: cash-ups
kiosk-cashups-heading = Cash-ups
kiosk-cashups-all = Every cashier
kiosk-cashups-mine = Your closed tills
kiosk-cashups-total = { $n } in all
kiosk-to-kiosk = Kiosk
kiosk-no-cashups = No till has been closed yet.
kiosk-col-closed = Closed
kiosk-col-cashier = Cashier
kiosk-col-cinema = Cinema
kiosk-pages = Pages
kiosk-newer = ← Newer
kiosk-older = Older →
kiosk-page = Page { $n }

## Box office: printed tickets
kiosk-ticket-hall = Hall
kiosk-ticket-row = Row
kiosk-ticket-seat = Seat
kiosk-ticket-qr = QR code of ticket { $code }
kiosk-ticket-vat = Price includes VAT.
kiosk-ticket-none = No tickets: this booking is not paid.

## Box office: scripts
js-kiosk-tap-seats = Tap seats on the map
js-kiosk-short-by = short by { $amount }
js-kiosk-session-expired = Your session has expired: sign in again.
js-kiosk-offline = The server could not be reached. Check the connection and confirm again.
js-kiosk-need-reference = Enter the card terminal’s reference.
js-kiosk-card-paid = Card { $ref }
js-kiosk-err-no-till = You have no open till. Open a till before selling.
js-kiosk-err-wrong-cinema = Your till is at another cinema than this showtime.
js-kiosk-err-tendered = The amount tendered is less than the total.
js-kiosk-err-seat-taken = A seat was just sold to someone else. Choose another seat.
js-kiosk-err-not-pending = This booking is no longer awaiting payment. Reload the page.
js-kiosk-err-booking = The booking could not be made (error { $status }).
js-kiosk-err-payment = The payment did not go through (error { $status }).

## Box office: find a booking, remember the cinema
kiosk-find = Find a booking
kiosk-title-find = Find a booking
kiosk-find-heading = Find a booking
kiosk-find-back = ← Back to the box office
kiosk-find-label = Booking code, ticket code, or the customer's phone or e-mail
kiosk-find-hint = Scan the QR code on the ticket, or type and press Enter.
kiosk-find-submit = Find
kiosk-find-empty = Enter a booking code, a ticket code, or the customer's phone or e-mail.
kiosk-find-bad = That was not recognised. Enter a booking code, a ticket code (28 characters), or the customer's phone or e-mail.
kiosk-find-bad-code = The ticket code is mistyped (its check characters do not match). Check each character.
kiosk-find-bad-qr = This QR code is not a MovieHub ticket. Scan again or type the ticket code.
kiosk-find-none = No booking found for “{ $query }”.
kiosk-find-count = { $n ->
    [one] 1 booking found
   *[other] { $n } bookings found
}
kiosk-find-when = Showtime
kiosk-find-seats = Seats
kiosk-find-code = Booking code { $code }
kiosk-find-print = Print tickets
kiosk-find-no-print = Not paid, or closed: no tickets to print.
kiosk-change-cinema = Change cinema
seatmap-zoom = Zoom the seat map
seatmap-zoom-in = Zoom in
seatmap-zoom-out = Zoom out
seatmap-zoom-fit = Whole hall
js-seatmap-state-other-window = chosen by you in another window
js-seatmap-other-window = Seat { $seats } was chosen in another window.
js-seatmap-other-window-many = Seats { $seats } were chosen in another window.
js-seatmap-other-confirm = Also book { $seats } (chosen in another window) in this booking?
js-seatmap-other-yes = Yes, book it too
js-seatmap-other-no = No, let it go
js-seatmap-lost = While the connection was lost, someone else took { $seats }. Please choose another seat.
js-seatmap-err-sales_closed = This showtime has started; it can no longer be booked online.
js-seatmap-seat-gap = A single seat ({ $seat }) cannot be left empty between the chosen seats. Add that seat too, or choose seats next to each other.
js-seatmap-seat-gap-any = A single seat cannot be left empty between the chosen seats. Choose seats next to each other.

## Cinema first
cinemas-title = Cinemas
cinemas-none = There are no cinemas yet.
cinemas-browse = Browse by cinema
cinema-dates = Choose a day
cinema-no-shows = No showtimes at this cinema on this day.
cinema-subtitled = Subtitled
cinema-dubbed = Dubbed
cinema-original = Original language
cinema-price-from = From { $price }
cinema-started = Started
cinema-not-on-sale = Not on sale yet
cinema-err-date = Choose a day from today to { $last }.
err-no-cinema = We could not find that cinema.
js-kiosk-err-sales-closed = Box-office sales for this showtime have closed.
seatmap-started = This showtime has started, so it is no longer sold online. The box office still sells for the first few minutes.
kiosk-note-keypad = Keypad for the note counts
kiosk-key-00 = Two zeros
kiosk-key-000 = Three zeros
kiosk-key-backspace = Delete the last digit
kiosk-key-clear = Clear this note’s count
kiosk-key-next = Next
kiosk-key-next-label = Next note

## Basket: concessions, codes, points (moviegoer)
booking-concession-line = { $name } × { $qty }
booking-free = Free
booking-subtotal = Subtotal
booking-discount-code = Code { $code }
booking-discount-points = Points ({ $n } points)
menu-kcal = { $n } kcal
menu-allergens = Allergens: { $list }
basket-extras = Snacks & offers
basket-less = One less { $name }
basket-more = One more { $name }
basket-combo-take = Switch to the combo
basket-promo = Promo code
basket-promo-apply = Apply
basket-points-have = Use points (you have { $n } points; 1 point = 1,000 ₫)
js-basket-count = ({ $n } items)
js-basket-line = { $name } × { $qty }
js-basket-free = Free
js-basket-code-line = Code { $code }
js-basket-points-line = Points ({ $n } points)
js-basket-combo-offer = Take { $name } and save { $saves }.
js-basket-refused = This basket cannot be priced. Please check the snacks, the code or the points.
js-basket-out-of-stock = Only { $n } left of { $name }.
js-basket-points-balance = You have only { $n } points.
js-basket-points-cap = At most { $n } points on this booking (50% of it).
js-promo-applied = Applied: { $name }
js-promo-unknown = There is no such code.
js-promo-inactive = This code is no longer offered.
js-promo-expired = This code expired on { $date }.
js-promo-not_yet = This code is valid from { $date }.
js-promo-not_for_cinema = This code is not valid at this cinema.
js-promo-not_for_film = This code is not valid for this film.
js-promo-not_on_day = This code is not valid on this day.
js-promo-used_up = This code has been used up ({ $used } of { $limit } uses).
js-promo-used_by_you = You have used this code { $used } of { $limit } times.
js-promo-min_purchase = This code needs a minimum of { $min }.
js-promo-free_item_out = The free { $name } is out of stock.
nav-points = Points
points-title = My points
points-balance = Points available
points-unit = points
points-worth = Worth { $amount }
points-tier = Member tier
points-progress = Progress to the next tier
points-spend = Spent { $amount }
points-to-next = { $amount } more to reach { $tier }
points-how = How points work
points-rule-earn = Earn { $percent }% of what you paid as points once the show is over.
points-rule-value = 1 point = { $amount } towards tickets and snacks.
points-rule-cap = Points pay at most { $percent }% of a booking.
points-tiers = Tier
points-tier-spend = Total spend
points-tier-from = From { $amount }
points-history = Points history
points-none = No points yet. Points arrive after your first show.
points-date = Date
points-what = What
points-kind-EARN = Earned on a booking
points-kind-REDEEM = Paid with points
points-kind-RELEASE = Points returned (booking not paid)
points-kind-BONUS = Promotion bonus
points-kind-REVERSE = Points taken back (refund)

## Box office: food and drinks, members, promotion codes, receipts
kiosk-sell-concessions = Sell food & drinks
kiosk-title-concessions = Food & drinks
kiosk-concessions-heading = Food & drinks
kiosk-title-receipt = Receipt
kiosk-cart = Basket
kiosk-tap-seats-or-menu = Tap seats on the map, or add food and drinks
kiosk-tap-menu = Tap items on the menu
kiosk-discounts = Discounts
kiosk-steps = Sale steps
kiosk-tab-seats = Seats
kiosk-tab-menu = Food & drinks
kiosk-tab-extras = Member · Code
kiosk-menu = Food and drinks menu
kiosk-menu-empty = Nothing is on the menu yet.
kiosk-menu-sold-out = Sold out
kiosk-menu-left = { $n } left
kiosk-menu-kcal = { $kcal } kcal
kiosk-menu-allergens = Allergens: { $list }
kiosk-menu-add = Add one { $name }
kiosk-menu-less = Remove one { $name }
kiosk-member-heading = Member
kiosk-member-label = The customer’s phone or e-mail
kiosk-member-find = Find
kiosk-member-results = Members found
kiosk-member-clear = Remove member
kiosk-points-label = Points to use on this sale
kiosk-points-less = 10 points fewer
kiosk-points-more = 10 points more
kiosk-points-max = Use the most
kiosk-points-none = None
kiosk-points-rule = 1 point = { $value }; points pay at most { $pct }% of a sale.
kiosk-promo-heading = Promotion code
kiosk-promo-label = The customer’s code
kiosk-promo-apply = Apply
kiosk-promo-clear = Remove code
kiosk-print-receipt = Print receipt
kiosk-receipt-frame = Receipt to print
kiosk-receipt-heading = Sales receipt
kiosk-receipt-lines = Items sold
kiosk-receipt-seat = Ticket { $seat } · { $type }
kiosk-receipt-item = { $name } × { $qty }
kiosk-receipt-free = Free
kiosk-receipt-code = Code { $code }
kiosk-receipt-points = Points used: { $n }
kiosk-receipt-cash = Cash tendered
kiosk-receipt-change = Change
kiosk-receipt-card = Card · { $ref }
kiosk-receipt-online = Paid online
kiosk-receipt-cashier = Cashier: { $name }
kiosk-receipt-member = Member: { $name }
kiosk-receipt-points-used = Points redeemed: { $n }
kiosk-receipt-earns = Points to earn once the sale completes: { $n }
kiosk-receipt-unpaid = This sale is not paid.
kiosk-receipt-vat = Prices include VAT.
kiosk-subtotal-label = Subtotal
kiosk-find-concessions = Food & drinks at the counter
kiosk-find-sold-at = Sold at
kiosk-find-items = Food & drinks
js-kiosk-item-line = { $name } × { $qty }
js-kiosk-item-less = Remove one { $name }
js-kiosk-item-more = Add one { $name }
js-kiosk-free-line = { $name } × { $qty } (gift)
js-kiosk-free = Free
js-kiosk-discount-code = Code { $code }
js-kiosk-discount-points = Points used: { $n }
js-kiosk-combo-offer = Switch to { $name }: save { $saves }
js-kiosk-combo-taken = Switched to { $name }; the customer saves { $saves }.
js-kiosk-out-of-stock = Only { $n } left of { $name }: take some off.
js-kiosk-err-menu = An item is no longer on sale. Reload the page.
js-kiosk-err-quote = The price could not be worked out (error { $status }). Try again.
js-kiosk-quote-offline = The server cannot be reached. Check the connection and try again.
js-kiosk-err-promo = The promotion code no longer applies to this sale. Check the code.
js-kiosk-err-promo-used-up = The promotion code has just run out of uses. Remove it and confirm again.
js-kiosk-err-points = These points cannot be used on this sale. Check the member’s points.
js-kiosk-member-line = { $name } · { $tier } · balance { $balance }
js-kiosk-member-result = { $name } · { $contact } · { $tier } · balance { $balance }
js-kiosk-member-tier = Tier { $tier }
js-kiosk-member-balance = Balance: { $n }
js-kiosk-member-short = Type the customer’s phone or e-mail, for example 0901 234 567.
js-kiosk-member-searching = Looking for the member…
js-kiosk-member-none = No member found for “{ $q }”.
js-kiosk-member-many = { $n } members match: ask the customer and pick the right one.
js-kiosk-member-error = The member could not be looked up (error { $status }). Try again.
js-kiosk-points-earned = earns { $n } more
js-kiosk-points-cap = This sale can take at most { $n } points.
js-kiosk-points-capped = Points lowered to { $n }, the most this sale can take.
js-kiosk-points-balance = The customer has only { $n } points left.
js-kiosk-points-bad = Points must be a whole number, 0 or more, for example 50.
js-kiosk-promo-empty = Type the customer’s promotion code.
js-kiosk-promo-checking = Checking the code…
js-kiosk-promo-add-first = Code { $code } is checked once the basket has seats or items.
js-kiosk-promo-applied = Code { $code } applied: { $name }.
js-kiosk-promo-bonus = The customer gets { $n } bonus points once paid.
js-kiosk-promo-bonus-member = Find the member so the customer gets the code’s { $n } bonus points.
js-kiosk-promo-unknown = There is no promotion code “{ $code }”. Check each character.
js-kiosk-promo-inactive = Code { $code } is no longer offered.
js-kiosk-promo-not-yet = Code { $code } is valid from { $date }.
js-kiosk-promo-expired = Code { $code } expired on { $date }.
js-kiosk-promo-not-for-cinema = Code { $code } is not valid at this cinema.
js-kiosk-promo-not-for-film = Code { $code } is not valid for this film.
js-kiosk-promo-needs-film = Code { $code } only applies with a film ticket.
js-kiosk-promo-not-on-day = Code { $code } only applies on { $days }.
js-kiosk-promo-used-up = Code { $code } has no uses left.
js-kiosk-promo-used-by-member = This customer has used code { $code } the { $limit } times allowed.
js-kiosk-promo-min-purchase = Code { $code } needs a sale of { $min } or more: { $short } to go.
js-kiosk-promo-free-item-out = The gift of code { $code } ({ $name }) is out of stock.
js-kiosk-promo-refused = Code { $code } does not apply to this sale.
js-kiosk-day-weekday = weekdays
js-kiosk-day-weekend = weekends
js-kiosk-day-holiday = holidays
js-promo-free_item_gone = The free item of this code is not available.

## Cancel and refund (the moviegoer's booking page, the box office)
refund-why-full = The cinema refunds this booking in full.
refund-why-started = The show has started, so the tickets can no longer be refunded.
refund-why-tier = { $minutes ->
    [0] Cancelled close to the show: { $percent } % of the ticket price back; snacks are still refunded in full.
   *[other] Cancelled at least { $hours } h before the show: { $percent } % of the ticket price back; snacks are refunded in full.
}
refund-line-seat = Seat { $seat }
refund-line-discount = Discount ({ $code })
refund-points-back = { $n } loyalty points are given back.
refund-tender-VNPAY = your VNPay account
refund-tender-CASH = cash
refund-tender-CARD = card
refund-tender-NONE = —
refund-note-awaiting = Your refund of { $amount } is waiting for a manager's approval. Your tickets stay valid until then.
refund-note-rejected = The refund was declined: { $note }
refund-note-nothing = The booking was cancelled; nothing is refunded.
refund-note-done = { $amount } was refunded to { $tender }.
refund-note-on-its-way = The booking was cancelled. { $amount } is on its way back to { $tender }.
refund-note-at-counter = The booking was cancelled. { $amount } is refunded in { $tender } at the box office.
refund-note-show-cancelled = The cinema cancelled this showtime and refunds you in full.
cancel-open = Cancel and get a refund
cancel-col-item = Item
cancel-col-paid = Paid
cancel-col-percent = Back
cancel-col-back = Refund
cancel-total-back = Total refund
cancel-nothing-back = The show has started, so this booking cannot be refunded. Please ask at the box office if you need help.
cancel-reason = Reason
cancel-choose-reason = — Choose a reason —
cancel-note = Note (optional)
cancel-needs-approval = A refund this large needs a manager's approval; your tickets stay valid until then.
cancel-confirm = Cancel and refund { $amount }
cancel-err-reason = Please choose a reason.
cancel-err-changed = The booking has just changed and can no longer be cancelled; please look at the page again.
cancel-err-failed = The booking cannot be cancelled right now; please try again or ask at the box office.
kiosk-title-refund = Refund
kiosk-refund-heading = Cancel and refund
kiosk-refund-back = ← Find a booking
kiosk-refund-paid-by = Paid by
kiosk-refund-tender-VNPAY = VNPay
kiosk-refund-tender-CASH = Cash
kiosk-refund-tender-CARD = Card
kiosk-refund-tender-NONE = Not paid
kiosk-refund-quote = What comes back
kiosk-refund-card-ref = Card terminal's refund reference
kiosk-refund-card-hint = Refund on the card terminal first, then type its refund reference. Leave it empty to pay it out later.
kiosk-refund-no-till = You have no open till at this cinema: the cash refund will wait to be paid out at the counter.
kiosk-refund-approver = Manager's approval
kiosk-refund-approver-hint = This refund is above the limit: a manager types their e-mail and PIN; you stay signed in.
kiosk-refund-approver-email = Manager's e-mail
kiosk-refund-approver-pin = PIN
kiosk-refund-confirm = Cancel and refund { $amount }
kiosk-refund-pay-out = Pay the refund out now
kiosk-refund-not-refundable = This booking cannot be refunded (not paid, cancelled or over).
kiosk-refund-approved-by = Approved by { $name } ({ $via })
kiosk-refund-via-SELF = the cashier may approve
kiosk-refund-via-PIN = PIN at the counter
kiosk-refund-via-PAGE = on the manager's page
kiosk-refund-hand-over = Paid out of the till to the customer: { $amount }
kiosk-refund-err-pin-pair = Type both the manager's e-mail and PIN.
kiosk-refund-err-pin = The e-mail or PIN is wrong, or that person may not approve refunds.
kiosk-refund-err-pin-limited = Too many wrong PINs; please try again in a few minutes.
kiosk-refund-err-till = The drawer does not hold enough cash for this refund.
kiosk-refund-err-card = The card terminal's refund reference must be 1 to 64 characters.
kiosk-refund-err-note = A note is at most 500 characters.
kiosk-find-refund = Refund
