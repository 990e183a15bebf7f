<?php
/**
 * Turns whatever shape the store sends into the plugin's normalised session:
 *
 *   key, customer {name, email}, created (ISO 8601 UTC | null), expires (ISO 8601 UTC | null when unknown),
 *   source, status (active | expiring: expires within 6 h | expired), item_count (number | null), total
 *   (decimal string | null), currency (string | null)
 *
 * and, for a cart's detail, adds items, coupons, fees and totals.
 *
 * Shapes (docs/cocart-api.md):
 *  - 4.x list rows (#the-list): customers_name/customers_email, "m/d/Y H:i:s" UTC dates ("01/01/1970 00:00:00" =
 *    unknown), no items or totals;
 *  - 4.x single session (#one-cart): items keyed by item key or [], item_count (may be a float), money as strings of
 *    minor units ("3600" = 36.00 with 2 decimals; 5.0-dev sends a bare 0), no dates; its customer is the
 *    caller's (≤ 4.8.0), so a list row's name and email win;
 *  - the "documented" shape (what CoCart's own documentation describes; the double's documented mode): session_key,
 *    cart_items (list), cart_totals as decimal strings, customer.billing_*, unix cart_created/cart_expiry;
 *  - the unreleased paged variant: {sessions: [...]}.
 * Missing fields give null, never a warning.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

final class Normaliser {

	public const DATE_FORMAT     = 'Y-m-d\TH:i:s\Z';
	public const EXPIRING_WINDOW = 6 * 3600;

	/** CoCart's own date format, "m/d/Y H:i:s" (UTC), with a real time of day. */
	private const COCART_DATE = '#^(\d\d)/(\d\d)/(\d{4}) ((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)$#D';

	/** @var int */
	private $decimals;

	/** @var string|null */
	private $currency;

	/** @var int */
	private $now;

	/**
	 * @param int         $decimals The store's price decimals (wc/v3/system_status settings.number_of_decimals).
	 * @param string|null $currency The store's currency code, when known.
	 * @param int|null    $now      Unix time for the status (default: now).
	 */
	/** @var string|null $now and $now + EXPIRING_WINDOW as DATE_FORMAT text, made when first needed. */
	private $now_iso = null;

	/** @var string|null */
	private $soon_iso = null;

	public function __construct( int $decimals = 2, ?string $currency = null, ?int $now = null ) {
		$this->decimals = max( 0, min( 8, $decimals ) );
		$this->currency = null === $currency || '' === $currency ? null : $currency;
		$this->now      = $now ?? time();
	}

	/**
	 * A list answer → normalised rows (rows that are not objects or have no key are skipped).
	 *
	 * @param mixed $payload
	 * @return array<int,array<string,mixed>>
	 */
	public function rows( $payload ): array {
		if ( is_array( $payload ) && isset( $payload['sessions'] ) && is_array( $payload['sessions'] ) ) {
			$payload = $payload['sessions'];
		}
		if ( ! is_array( $payload ) ) {
			return array();
		}
		$out = array();
		foreach ( $payload as $row ) {
			if ( is_array( $row ) ) {
				$normalised = $this->row( $row );
				if ( '' !== $normalised['key'] ) {
					$out[] = $normalised;
				}
			}
		}
		return $out;
	}

	/**
	 * A list row's cart key (4.x or documented), '' when it has none.
	 *
	 * @param array<string,mixed> $row
	 */
	public static function key( array $row ): string {
		return self::text( $row['cart_key'] ?? $row['session_key'] ?? $row['key'] ?? '' ) ?? '';
	}

	/**
	 * A list row's expiry as ISO 8601 UTC (what row() gives as expires), or null.
	 *
	 * @param array<string,mixed> $row
	 */
	public static function expiry( array $row ): ?string {
		return self::date( $row['cart_expiry'] ?? $row['session_expiry'] ?? null );
	}

	/**
	 * A list row's source (what row() gives as source).
	 *
	 * @param array<string,mixed> $row
	 */
	public static function source( array $row ): string {
		return self::text( $row['cart_source'] ?? '' ) ?? '';
	}

	/**
	 * One list row (4.x or documented).
	 *
	 * @param array<string,mixed> $row
	 * @return array<string,mixed>
	 */
	public function row( array $row ): array {
		$key = self::key( $row );
		if ( self::is_documented( $row ) ) {
			$customer = is_array( $row['customer'] ?? null ) ? $row['customer'] : array();
			$name     = trim( ( self::text( $customer['billing_first_name'] ?? '' ) ?? '' )
				. ' '
				. ( self::text( $customer['billing_last_name'] ?? '' ) ?? '' ) );
			$email    = self::text( $customer['billing_email'] ?? $customer['email'] ?? '' );
			$items    = is_array( $row['cart_items'] ?? null ) ? $row['cart_items'] : null;
			$count    = null === $items ? null : self::count_items( $items );
			$totals   = is_array( $row['cart_totals'] ?? null ) ? $row['cart_totals'] : array();
			$total    = array_key_exists( 'total', $totals ) ? $this->decimal( $totals['total'] ) : null;
		} else {
			$name  = trim( self::text( $row['customers_name'] ?? '' ) ?? '' );
			$email = self::text( $row['customers_email'] ?? '' );
			$count = null;
			$total = null;
		}
		$expires = self::expiry( $row );
		return array(
			'key'      => $key,
			'customer' => array(
				'name'  => '' === $name ? null : $name,
				'email' => null === $email || '' === trim( $email ) ? null : trim( $email ),
			),
			'created'    => self::date( $row['cart_created'] ?? null ),
			'expires'    => $expires,
			'source'     => self::source( $row ),
			'status'     => $this->status( $expires ),
			'item_count' => $count,
			'total'      => $total,
			'currency'   => null === $total ? null : $this->currency,
		);
	}

	/**
	 * A cart's detail merged with its list row (the row's name, email, dates and source win).
	 *
	 * @param array<string,mixed>      $detail The single-session answer (4.x or documented).
	 * @param array<string,mixed>|null $row    Its list row as CoCart sent it, if known.
	 * @return array<string,mixed>
	 */
	public function detail( array $detail, ?array $row = null ): array {
		$base = null !== $row ? $this->row( $row ) : null;
		if ( self::is_documented( $detail ) ) {
			$own    = $this->row( $detail );
			$items  = $this->documented_items( is_array( $detail['cart_items'] ?? null )
				? $detail['cart_items']
				: array() );
			$money  = is_array( $detail['cart_totals'] ?? null ) ? $detail['cart_totals'] : array();
			$totals = $this->totals( $money, array( $this, 'decimal' ) );
			$count  = self::count_items( is_array( $detail['cart_items'] ?? null ) ? $detail['cart_items'] : array() );
			$coupon = array();
			$fees   = array();
		} else {
			$customer = is_array( $detail['customer']['billing_address'] ?? null )
				? $detail['customer']['billing_address']
				: array();
			$name     = trim( ( self::text( $customer['billing_first_name'] ?? '' ) ?? '' )
				. ' '
				. ( self::text( $customer['billing_last_name'] ?? '' ) ?? '' ) );
			$email    = self::text( $customer['billing_email'] ?? '' );
			$own      = array(
				'key'      => self::text( $detail['cart_key'] ?? '' ) ?? '',
				'customer' => array(
					'name'  => '' === $name ? null : $name,
					'email' => null === $email || '' === $email ? null : $email,
				),
				'created'    => null,
				'expires'    => null,
				'source'     => '',
				'status'     => $this->status( null ),
				'item_count' => null,
				'total'      => null,
				'currency'   => null,
			);
			$raw_items = is_array( $detail['items'] ?? null ) ? $detail['items'] : array();
			$items     = $this->items( $raw_items );
			$money     = is_array( $detail['totals'] ?? null ) ? $detail['totals'] : array();
			$totals    = $this->totals( $money, array( $this, 'money' ) );
			$count     = self::number( $detail['item_count'] ?? null ) ?? self::sum( array_column(
				$items,
				'quantity'
			) );
			$coupon    = $this->coupons(
				is_array( $detail['coupons'] ?? null ) ? $detail['coupons'] : array(),
				$totals['discount_total']
			);
			$fees      = $this->fees( is_array( $detail['fees'] ?? null ) ? $detail['fees'] : array() );
		}
		$merged = null !== $base ? $base : $own;
		if ( '' === $merged['key'] ) {
			$merged['key'] = $own['key'];
		}
		$merged['item_count'] = $count;
		$merged['total']      = $totals['total'];
		$merged['currency']   = null === $totals['total'] ? null : $this->currency;
		$merged['items']      = $items;
		$merged['coupons']    = $coupon;
		$merged['fees']       = $fees;
		$merged['totals']     = $totals;
		return $merged;
	}

	/**
	 * active | expiring (expires within 6 h) | expired. Unknown expiry counts as active.
	 */
	public function status( ?string $expires ): string {
		if ( null === $expires ) {
			return 'active';
		}
		if ( 20 === strlen( $expires ) && 'Z' === $expires[19] ) {
			// Our own ISO 8601 UTC (DATE_FORMAT): it sorts as time, so compare as text (no date parsing for each
			// of tens of thousands of rows).
			if ( null === $this->now_iso ) {
				$this->now_iso  = gmdate( self::DATE_FORMAT, $this->now );
				$this->soon_iso = gmdate( self::DATE_FORMAT, $this->now + self::EXPIRING_WINDOW );
			}
			if ( strcmp( $expires, $this->now_iso ) <= 0 ) {
				return 'expired';
			}
			return strcmp( $expires, $this->soon_iso ) <= 0 ? 'expiring' : 'active';
		}
		$ts = self::timestamp( $expires );
		if ( null === $ts || $ts <= $this->now ) {
			return null === $ts ? 'active' : 'expired';
		}
		return $ts - $this->now <= self::EXPIRING_WINDOW ? 'expiring' : 'active';
	}

	/**
	 * Unix time of one of our ISO 8601 UTC dates (DATE_FORMAT), or null. Parsed by hand: strtotime() costs
	 * ~50 µs a call here, which over every row of a 10,000-cart list is half a second.
	 */
	public static function timestamp( string $iso ): ?int {
		if ( 1 === preg_match( '/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/D', $iso, $m ) ) {
			return gmmktime( (int) $m[4], (int) $m[5], (int) $m[6], (int) $m[2], (int) $m[3], (int) $m[1] );
		}
		$ts = strtotime( $iso );
		return false === $ts ? null : $ts;
	}

	/**
	 * CoCart's "m/d/Y H:i:s" (UTC), a unix time, or an ISO string → ISO 8601 UTC; the epoch and anything
	 * unreadable → null.
	 *
	 * @param mixed $value
	 */
	public static function date( $value ): ?string {
		if ( is_int( $value ) || is_float( $value ) || ( is_string( $value ) && ctype_digit( trim( $value ) ) ) ) {
			$ts = (int) $value;
			return $ts > 0 ? gmdate( self::DATE_FORMAT, $ts ) : null;
		}
		if ( ! is_string( $value ) || '' === trim( $value ) ) {
			return null;
		}
		$value = trim( $value );
		// CoCart's own "m/d/Y H:i:s", when it is a real date and time: rearranged, not parsed (lists have tens of
		// thousands of rows, two dates each).
		if ( 19 === strlen( $value ) && 1 === preg_match( self::COCART_DATE, $value, $m )
			&& $m[3] >= '1970' && checkdate( (int) $m[1], (int) $m[2], (int) $m[3] ) ) {
			return '01/01/1970 00:00:00' === $value ? null : "{$m[3]}-{$m[1]}-{$m[2]}T{$m[4]}Z";
		}
		$date  = \DateTimeImmutable::createFromFormat( '!m/d/Y H:i:s', $value, new \DateTimeZone( 'UTC' ) );
		if ( false !== $date && 0 === ( \DateTimeImmutable::getLastErrors()['warning_count'] ?? 0 ) ) {
			$ts = $date->getTimestamp();
		} else {
			try {
				$ts = ( new \DateTimeImmutable( $value, new \DateTimeZone( 'UTC' ) ) )->getTimestamp();
			} catch ( \Exception $e ) {
				return null;
			}
		}
		return $ts > 0 ? gmdate( self::DATE_FORMAT, $ts ) : null;
	}

	/**
	 * date() of each value, keys kept: CoCart's own format is rearranged by one preg_replace() over them all,
	 * ~3× faster than a call a value (a cold page of a 10,000-cart list reads every expiry); any other value,
	 * or one that is not a real date, goes through date() itself.
	 *
	 * @param array<int|string,mixed> $values
	 * @return array<int|string,string|null>
	 */
	public static function dates( array $values ): array {
		$rearranged = preg_replace( self::COCART_DATE, '$3-$1-$2T$4Z', array_filter( $values, 'is_string' ) );
		$out        = array();
		foreach ( $values as $i => $value ) {
			$iso = $rearranged[ $i ] ?? $value;
			if ( $iso !== $value && $iso >= '1970' && '1970-01-01T00:00:00Z' !== $iso
				&& checkdate( (int) substr( $iso, 5, 2 ), (int) substr( $iso, 8, 2 ), (int) substr( $iso, 0, 4 ) ) ) {
				$out[ $i ] = $iso;
			} else {
				$out[ $i ] = self::date( $value );
			}
		}
		return $out;
	}

	/**
	 * Minor units (CoCart 3.1+: "3600", 0) → "36.00" with the store's decimals. A value that already has a
	 * decimal point is taken as a decimal. Null for anything else.
	 *
	 * @param mixed $value
	 */
	public function money( $value ): ?string {
		if ( is_int( $value ) ) {
			$value = (string) $value;
		} elseif ( is_float( $value ) ) {
			$value = floor( $value ) === $value ? sprintf( '%.0f', $value ) : (string) $value;
		}
		if ( ! is_string( $value ) || '' === trim( $value ) ) {
			return null;
		}
		$value = trim( $value );
		if ( ! preg_match( '/^-?\d+$/', $value ) ) {
			return $this->decimal( $value );
		}
		$negative = '-' === $value[0];
		$digits   = ltrim( ltrim( $value, '-' ), '0' );
		$digits   = '' === $digits ? '0' : $digits;
		if ( 0 === $this->decimals ) {
			return ( $negative && '0' !== $digits ? '-' : '' ) . $digits;
		}
		$digits = str_pad( $digits, $this->decimals + 1, '0', STR_PAD_LEFT );
		$sign   = $negative && '' !== trim( $digits, '0' ) ? '-' : '';
		return $sign . substr( $digits, 0, -$this->decimals ) . '.' . substr( $digits, -$this->decimals );
	}

	/**
	 * A decimal amount ("36.00", 36, "36") → "36.00" with the store's decimals; null when not a number.
	 *
	 * @param mixed $value
	 */
	public function decimal( $value ): ?string {
		if ( is_string( $value ) ) {
			$value = trim( $value );
		}
		if ( ! is_numeric( $value ) ) {
			return null;
		}
		return number_format( (float) $value, $this->decimals, '.', '' );
	}

	/**
	 * @param array<string|int,mixed> $items 4.x items keyed by item key.
	 * @return array<int,array<string,mixed>>
	 */
	private function items( array $items ): array {
		$out = array();
		foreach ( $items as $item_key => $item ) {
			if ( ! is_array( $item ) ) {
				continue;
			}
			$quantity = $item['quantity'] ?? null;
			$quantity = is_array( $quantity ) ? ( $quantity['value'] ?? null ) : $quantity;
			$totals   = is_array( $item['totals'] ?? null ) ? $item['totals'] : array();
			$image    = self::text( $item['featured_image'] ?? '' );
			$out[]    = array(
				'key'        => self::text( $item['item_key'] ?? $item_key ) ?? (string) $item_key,
				'product_id' => (int) ( $item['id'] ?? 0 ),
				'name'       => self::text( $item['name'] ?? $item['title'] ?? '' ) ?? '',
				'sku'        => self::text( $item['meta']['sku'] ?? '' ) ?? '',
				'quantity'   => self::number( $quantity ) ?? 0,
				'price'      => $this->money( $item['price'] ?? null ),
				'line_total' => $this->money( $totals['total'] ?? $totals['subtotal'] ?? null ),
				// Before coupons: a discounted line's total is less than price × quantity, and the panel says why.
				'line_subtotal' => $this->money( $totals['subtotal'] ?? null ),
				'image'         => null === $image || '' === $image ? null : $image,
			);
		}
		return $out;
	}

	/**
	 * @param array<int,mixed> $items Documented cart_items.
	 * @return array<int,array<string,mixed>>
	 */
	private function documented_items( array $items ): array {
		$out = array();
		foreach ( $items as $i => $item ) {
			if ( ! is_array( $item ) ) {
				continue;
			}
			$out[] = array(
				'key'           => self::text( $item['item_key'] ?? (string) $i ) ?? (string) $i,
				'product_id'    => (int) ( $item['product_id'] ?? $item['id'] ?? 0 ),
				'name'          => self::text( $item['name'] ?? '' ) ?? '',
				'sku'           => self::text( $item['sku'] ?? '' ) ?? '',
				'quantity'      => self::number( $item['quantity'] ?? null ) ?? 0,
				'price'         => $this->decimal( $item['price'] ?? null ),
				'line_total'    => $this->decimal( $item['line_total'] ?? null ),
				'line_subtotal' => null,
				'image'         => null,
			);
		}
		return $out;
	}

	/**
	 * @param array<string,mixed> $money
	 * @return array<string,string|null>
	 */
	private function totals( array $money, callable $convert ): array {
		$out = array();
		foreach ( array(
			'subtotal',
			'discount_total',
			'shipping_total',
			'fee_total',
			'total_tax',
			'total',
		) as $name ) {
			$out[ $name ] = array_key_exists( $name, $money ) ? $convert( $money[ $name ] ) : null;
		}
		return $out;
	}

	/**
	 * The coupons and what each took off. CoCart (up to at least 4.3.6) computes each coupon's "saving" from the
	 * API caller's own, empty cart — "-0" — while totals.discount_total holds the cart's real discount. So a
	 * saving is believed only when the savings add up to the cart's discount; otherwise one coupon took the whole
	 * discount, and for several the split is not known (discount null).
	 *
	 * @param array<int|string,mixed> $coupons
	 * @return array<int,array{code:string,discount:string|null}>
	 */
	private function coupons( array $coupons, ?string $discount_total ): array {
		$out   = array();
		$saved = 0.0;
		foreach ( $coupons as $coupon ) {
			if ( is_array( $coupon ) ) {
				$saving = $this->money( $coupon['saving'] ?? null );
				$saved += abs( (float) $saving );
				$out[]  = array(
					'code'     => self::text( $coupon['coupon'] ?? $coupon['code'] ?? '' ) ?? '',
					'discount' => null === $saving ? null : ltrim( $saving, '-' ),
				);
			}
		}
		if ( null === $discount_total || array() === $out || abs( $saved - abs( (float) $discount_total ) ) < 0.005 ) {
			return $out;
		}
		foreach ( $out as $i => $coupon ) {
			$out[ $i ]['discount'] = 1 === count( $out ) ? ltrim( $discount_total, '-' ) : null;
		}
		return $out;
	}

	/**
	 * @param array<int|string,mixed> $fees
	 * @return array<int,array{name:string,total:string|null}>
	 */
	private function fees( array $fees ): array {
		$out = array();
		foreach ( $fees as $fee ) {
			if ( is_array( $fee ) ) {
				$out[] = array(
					'name'  => self::text( $fee['name'] ?? '' ) ?? '',
					'total' => $this->money( $fee['fee'] ?? $fee['total'] ?? null ),
				);
			}
		}
		return $out;
	}

	/**
	 * @param array<string,mixed> $data
	 */
	private static function is_documented( array $data ): bool {
		return isset( $data['session_key'] )
			|| isset( $data['cart_items'] )
			|| isset( $data['cart_totals'] )
			|| is_int( $data['cart_expiry'] ?? null );
	}

	/**
	 * @param array<int,mixed> $items
	 * @return int|float
	 */
	private static function count_items( array $items ) {
		$sum = 0;
		foreach ( $items as $item ) {
			$sum += is_array( $item ) ? ( self::number( $item['quantity'] ?? null ) ?? 0 ) : 0;
		}
		return $sum;
	}

	/**
	 * @param array<int,mixed> $values
	 * @return int|float
	 */
	private static function sum( array $values ) {
		$sum = 0;
		foreach ( $values as $value ) {
			$sum += self::number( $value ) ?? 0;
		}
		return $sum;
	}

	/**
	 * A quantity: whole floats (2.0) become ints; null when not numeric.
	 *
	 * @param mixed $value
	 * @return int|float|null
	 */
	private static function number( $value ) {
		if ( is_array( $value ) ) {
			$value = $value['value'] ?? null;
		}
		if ( ! is_numeric( $value ) ) {
			return null;
		}
		$float = (float) $value;
		return floor( $float ) === $float && abs( $float ) < PHP_INT_MAX ? (int) $float : $float;
	}

	/**
	 * @param mixed $value
	 */
	private static function text( $value ): ?string {
		return is_scalar( $value ) ? (string) $value : null;
	}
}
