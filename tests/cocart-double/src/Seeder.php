<?php
/**
 * Deterministic cart seeding: the same (count, seed, now) always gives the same rows. Timestamps are offsets
 * from `now` (default: the current time), so "expired" and "active" keep their meaning whenever it runs.
 *
 * The mix (a realistic store, docs/cocart-api.md#storage-and-expiry): guest keys "t_" + 30 hex (4.7.0 and recent
 * WooCommerce) plus older 30- and 32-hex guest keys, user-ID keys; sources cocart / woocommerce / "" (migrated,
 * some with cart_created = 0); most carts expired (as on a real store before cleanup), some active, a few
 * expiring within 6 h; 0–12 items from the catalogue, float quantities on CoCart carts, coupons, fees, removed
 * items, shipping; names and emails including empty, non-Latin, very long and HTML/script-looking ones; a few
 * carts whose session has no `customer` at all. Rows go in with multi-row INSERTs.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Seeder {

	private const BATCH = 250;

	private const FIRST_NAMES = array(
		'Jane',
		'John',
		'Amira',
		'Zoë',
		'José',
		'François',
		'Siobhán',
		'Øystein',
		'山田',
		'Владимир',
		'محمد',
		'Αλέξανδρος',
		'Nguyễn',
		'Priya',
		'Chidi',
		'Mary-Kate',
		'<script>alert(1)</script>',
		'Bob <b>Bold</b>',
		'😀 Smiley',
		'Łukasz',
	);

	private const LAST_NAMES = array(
		'Doe',
		'Smith',
		'Müller',
		'太郎',
		'Иванов',
		'الحسن',
		'Παπαδόπουλος',
		'Văn An',
		"O'Brien",
		'García Márquez',
		'"Quoted" & Sons',
		'<img src=x onerror=alert(1)>',
		"Robert'); DROP TABLE students;--",
		'Okafor',
		'Kowalski',
		'Nakamura',
	);

	private const COUPONS = array(
		'summer10' => 0.10,  // 10 % off.
		'welcome5' => 5.0,   // 5 off.
		'freeship' => 0.0,
	);

	/**
	 * Seeds the table.
	 *
	 * @return array{inserted:int,seconds:float,seed:int,now:int,count:int}
	 */
	public function seed( int $count, int $seed = 1, ?int $now = null, bool $replace = false ): array {
		global $wpdb;
		Schema::maybe_install();
		$now   = $now ?? time();
		$start = microtime( true );
		$table = Schema::carts_table();
		if ( $replace ) {
			$wpdb->query( "TRUNCATE {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		$inserted = 0;
		$values   = array();
		foreach ( $this->rows( $count, $seed, $now ) as $row ) {
			$values[] = $wpdb->prepare(
				'(%s, %s, %d, %d, %s, %s)',
				$row['cart_key'],
				$row['cart_value'],
				$row['cart_created'],
				$row['cart_expiry'],
				$row['cart_source'],
				$row['cart_hash']
			);
			if ( count( $values ) >= self::BATCH ) {
				$inserted += $this->insert( $values );
				$values    = array();
			}
		}
		if ( $values ) {
			$inserted += $this->insert( $values );
		}
		return array(
			'inserted' => $inserted,
			'seconds'  => microtime( true ) - $start,
			'seed'     => $seed,
			'now'      => $now,
			'count'    => $count,
		);
	}

	/**
	 * @param string[] $values Prepared "(…)" tuples.
	 */
	private function insert( array $values ): int {
		global $wpdb;
		// IGNORE: seeding twice (or over existing carts) skips keys that are already there.
		$sql = 'INSERT IGNORE INTO '
			. Schema::carts_table()
			. ' (cart_key, cart_value, cart_created, cart_expiry, cart_source, cart_hash) VALUES '
			. implode(
			',',
			$values
		);
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- every tuple went through prepare().
		return (int) $wpdb->query( $sql );
	}

	private static function pick( array $list ) {
		return $list[ mt_rand( 0, count( $list ) - 1 ) ];
	}

	private static function hex( int $length, int $seed, int $i ): string {
		return substr( md5( $seed . ':' . $i . ':' . mt_rand() ) . md5( (string) mt_rand() ), 0, $length );
	}

	/**
	 * The rows, without touching the database.
	 *
	 * @return \Generator<int,array<string,mixed>>
	 */
	public function rows( int $count, int $seed, int $now ): \Generator {
		mt_srand( $seed );
		$ids = Catalogue::ids();
		for ( $i = 0; $i < $count; $i++ ) {
			// Key shape and source.
			$shape = mt_rand( 1, 100 );
			if ( $shape <= 50 ) {
				$key    = 't_' . self::hex( 30, $seed, $i );
				$source = mt_rand( 1, 100 ) <= 55 ? 'cocart' : 'woocommerce';
				$user   = 0;
			} elseif ( $shape <= 70 ) {
				$user   = 1000 + $i; // Never an existing admin's ID; unique per row.
				$key    = (string) $user;
				$source = mt_rand( 1, 100 ) <= 60 ? 'cocart' : 'woocommerce';
			} elseif ( $shape <= 85 ) {
				$key    = self::hex( 30, $seed, $i ); // CoCart 4.2–4.3.x guests.
				$source = mt_rand( 1, 100 ) <= 80 ? 'cocart' : '';
				$user   = 0;
			} else {
				$key    = self::hex( 32, $seed, $i ); // md5: CoCart 3.x / older WooCommerce.
				$source = mt_rand( 1, 100 ) <= 50 ? '' : 'woocommerce';
				$user   = 0;
			}

			// Timeline.
			$lifetime = ( 'cocart' === $source && $user ) ? 7 * DAY_IN_SECONDS : 2 * DAY_IN_SECONDS;
			$when     = mt_rand( 1, 100 );
			if ( $when <= 3 ) {
				$expiry  = $now + mt_rand( 60, 6 * HOUR_IN_SECONDS - 60 );
				$created = $expiry - $lifetime;
			} elseif ( $when <= 30 ) {
				$created = $now - mt_rand( 0, (int) ( $lifetime - 6 * HOUR_IN_SECONDS ) );
				$expiry  = $created + $lifetime;
			} else {
				$created = $now - mt_rand( 2 * DAY_IN_SECONDS, 150 * DAY_IN_SECONDS );
				$expiry  = min(
					$created + $lifetime + mt_rand( 0, 6 * HOUR_IN_SECONDS ),
					$now - mt_rand( 60, DAY_IN_SECONDS )
				);
			}
			if ( '' === $source && mt_rand( 1, 100 ) <= 40 ) {
				$created = 0; // Migrated from 2.x: the column was added with 0.
			}

			// Items.
			$sizes = array( 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12 );
			$size  = self::pick( $sizes );
			$cart  = array();
			$left  = $ids; // Distinct products: 0–12 lines.
			for ( $n = 0; $n < $size; $n++ ) {
				$at   = mt_rand( 0, count( $left ) - 1 );
				$pid  = (int) $left[ $at ];
				array_splice( $left, $at, 1 );
				$qty  = mt_rand( 1, 4 );
				$item = CartData::item( $pid, 'cocart' === $source ? (float) $qty : $qty );
				$cart[ $item['key'] ] = $item;
			}
			$coupons   = array();
			$discounts = array();
			if ( $cart && mt_rand( 1, 100 ) <= 12 ) {
				$code             = (string) self::pick( array_keys( self::COUPONS ) );
				$coupons[]        = $code;
				$rate             = self::COUPONS[ $code ];
				$subtotal         = array_sum( array_column( $cart, 'line_subtotal' ) );
				$discounts[ $code ] = $rate < 1 ? round( $subtotal * $rate, 2 ) : $rate;
			}
			$fees = array();
			if ( $cart && mt_rand( 1, 100 ) <= 5 ) {
				$fees['gift-wrap'] = array(
					'id'        => 'gift-wrap',
					'name'      => 'Gift wrap',
					'amount'    => 2.5,
					'total'     => 2.5,
					'taxable'   => false,
					'tax_class' => '',
				);
			}
			$removed = array();
			if ( mt_rand( 1, 100 ) <= 8 ) {
				$gone                     = CartData::item( (int) self::pick( $ids ), 1 );
				$removed[ $gone['key'] ] = $gone;
			}
			$shipping = ( $cart && mt_rand( 1, 100 ) <= 20 ) ? 4.99 : 0.0;
			$totals   = CartData::totals( $cart, $discounts, $fees, $shipping );

			$session = array(
				'cart'                       => $cart,
				'cart_totals'                => $totals,
				'applied_coupons'            => $coupons,
				'coupon_discount_totals'     => $discounts,
				'coupon_discount_tax_totals' => $coupons ? array_fill_keys( $coupons, 0 ) : array(),
				'removed_cart_contents'      => $removed,
			);
			if ( mt_rand( 1, 100 ) > 3 ) {
				$session['customer'] = CartData::customer( self::person( $i ), $user );
			}
			if ( $shipping > 0 ) {
				$session['chosen_shipping_methods'] = array( 'flat_rate:1' );
			}
			if ( $fees ) {
				$session['cart_fees'] = $fees;
			}
			if ( 'cocart' === $source && $cart ) {
				$session['cart_cache'] = $cart;
			}
			yield array(
				'cart_key'     => $key,
				'cart_value'   => CartData::write( $session ),
				'cart_created' => $created,
				'cart_expiry'  => $expiry,
				'cart_source'  => $source,
				'cart_hash'    => ( $cart && '' !== $source ) ? md5(
					(string) wp_json_encode( $cart )
					. $totals['total']
				) : '',
			);
		}
	}

	/**
	 * Billing/shipping details, from none at all to hostile.
	 *
	 * @return array<string,string>
	 */
	private static function person( int $i ): array {
		$kind = mt_rand( 1, 100 );
		if ( $kind <= 35 ) {
			return array(); // A guest who has not typed anything yet.
		}
		$first = (string) self::pick( self::FIRST_NAMES );
		$last  = (string) self::pick( self::LAST_NAMES );
		if ( $kind <= 40 ) {
			$first = ''; // Only a last name: the list shows a leading space.
		} elseif ( $kind <= 43 ) {
			$first = str_repeat( 'Wolfeschlegelsteinhausenbergerdorff', 6 ); // Very long.
		}
		$mail = mt_rand( 1, 100 );
		if ( $mail <= 10 ) {
			$email = '';
		} elseif ( $mail <= 15 ) {
			$email = "kunde{$i}@例子.广告";
		} elseif ( $mail <= 18 ) {
			$email = str_repeat( 'a', 60 ) . $i . '@' . str_repeat( 'sub.', 20 ) . 'example.com';
		} elseif ( $mail <= 20 ) {
			$email = '"><svg onload=alert(' . $i . ')>@example.com';
		} else {
			$email = 'customer' . $i . '@example.com';
		}
		$country = (string) self::pick( array( 'GB', 'US', 'DE', 'FR', 'JP', 'RU', 'EG', '' ) );
		return array(
			'first_name'          => $first,
			'last_name'           => $last,
			'email'               => $email,
			'phone'               => mt_rand( 1, 100 ) <= 50 ? '+44 20 7946 0' . sprintf( '%03d', $i % 1000 ) : '',
			'country'             => $country,
			'city'                => '' === $country ? '' : (string) self::pick(
				array( 'London', 'Berlin', 'Zürich', '東京', 'Москва', 'القاهرة' )
			),
			'address_1'           => '' === $country ? '' : mt_rand( 1, 200 ) . ' High Street',
			'postcode'            => '' === $country ? '' : 'N1 1AA',
			'shipping_first_name' => $first,
			'shipping_last_name'  => $last,
			'shipping_country'    => $country,
		);
	}
}
