<?php
/**
 * The Overview's numbers (GET stats), over every cart the store lists:
 *
 *   carts, active, expiring (within 6 h), expired, with_items, empty, value_total, avg_items (over carts with
 *   items), by_source {cocart, woocommerce, other}, value_expiring_6h, value_expiring_24h (value of the carts not
 *   expired yet that expire within 6 h / 24 h), carts_expiring_24h (how many carts with items are behind the
 *   latter), worth_chasing {carts, value} (live carts with items and a customer email: the ones a store manager can
 *   still win back and reach), key_owner_carts (the API key owner's own carts left out, 0 or 1),
 *   top_products [{product_id, name, quantity, value}] (the 10 with
 *   the most units in carts), currency, fetched_at, stale, scan {done, scanned, total, failed}, available,
 *   unavailable, needs_list.
 *
 * Money is summed in minor units (integers) and given back as decimal strings in the store's currency. The API
 * key owner's own cart (KeyOwner) is not a customer's and is left out of every number.
 *
 * Where the numbers come from: the list (Service::all_rows(): the cached list while fresh) gives counts, status
 * and source; items, totals and products come from each cart's detail through the browser's (key, expiry)
 * DetailCache — only carts whose stamp changed are fetched again. A first, cold scan of a large store takes
 * minutes (~27 detail requests a second at best: docs/cocart-api.md#measured), so it advances in slices: each call
 * fetches missing details
 * for at most $budget seconds (DETAIL_CONCURRENCY at once, the busiest carts first), then reports progress; the
 * screen polls and the cart_sessions_stats_scan cron event continues in the background (Insights\Cron). A lock
 * keeps two slices from running at once, so they never fetch the same cart twice or overwrite each other's cache.
 * Memory: one pass over the rows accumulates the numbers; nothing per cart is kept beyond the caches themselves.
 *
 * When the store's list dies of memory (docs/cocart-api.md#measured), the counts come from wc/v3/system_status and
 * needs_list names the numbers that need the list.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Insights;

use CartSessions\Sessions\DetailCache;
use CartSessions\Sessions\Normaliser;
use CartSessions\Sessions\Query;
use CartSessions\Sessions\Service;
use CartSessions\Sessions\Store;
use WP_Error;

final class Stats {

	public const TOP_PRODUCTS     = 10;
	public const BATCH            = 160;
	public const REQUEST_BUDGET   = 4.0;
	public const CRON_BUDGET      = 20.0;
	public const LOCK_OPTION      = 'cart_sessions_stats_lock';
	public const WINDOW_24H       = DAY_IN_SECONDS;

	/** The numbers that need the store's list (and the carts' details); system_status has the rest. */
	public const NEEDS_LIST = array(
		'with_items',
		'empty',
		'value_total',
		'avg_items',
		'value_expiring_6h',
		'value_expiring_24h',
		'worth_chasing',
		'top_products',
	);

	/** @var Service */
	private $service;

	/** @var int */
	private $now;

	/** @var int Detail requests the last call made (for tests and the benchmark). */
	public $detail_requests = 0;

	public function __construct( ?Service $service = null, ?int $now = null ) {
		$this->service = $service ?? new Service();
		$this->now     = $now ?? time();
	}

	/**
	 * How long (seconds) one call may spend fetching cart details: 'request' (a GET stats) or 'cron'.
	 */
	public static function budget( string $context ): float {
		/**
		 * Filters how long one slice of the Overview's first scan may fetch cart details.
		 *
		 * @param float  $seconds Default 4 for a request, 20 for the cron event.
		 * @param string $context 'request' or 'cron'.
		 */
		return max(
			0.0,
			(float) apply_filters(
				'cart_sessions_stats_budget',
				'cron' === $context ? self::CRON_BUDGET : self::REQUEST_BUDGET,
				$context
			)
		);
	}

	/**
	 * The numbers, after fetching missing details for up to $budget seconds. $retry_too_big (default: $refresh):
	 * ask for the list even from a store remembered as too big for it — a person's refresh, not a periodic one.
	 *
	 * @return array<string,mixed>|WP_Error
	 */
	public function get( bool $refresh, float $budget, ?bool $retry_too_big = null ) {
		$this->detail_requests = 0;
		$all                   = $this->service->all_rows( $refresh, true, $retry_too_big ?? $refresh );
		if ( $all instanceof WP_Error ) {
			return 'cart_sessions_store_too_big' === $all->get_error_code() ? self::unavailable( $all ) : $all;
		}
		$rows = $all['rows'];
		if ( 'documented' !== $all['shape'] && $budget > 0 ) {
			$missing = self::missing( $rows );
			if ( array() !== $missing && self::lock( $budget ) ) {
				try {
					$this->fetch( $rows, $missing, microtime( true ) + $budget );
				} finally {
					self::unlock();
				}
			}
		}
		return $this->compute( $rows, $all['currency'], (int) $all['decimals'] ) + array(
			'fetched_at'  => gmdate( Normaliser::DATE_FORMAT, (int) $all['fetched_at'] ),
			'stale'       => (bool) $all['stale'],
			'available'   => true,
			'unavailable' => null,
			'needs_list'  => array(),
		);
	}

	/**
	 * Fetches details batch by batch until $deadline — a first small batch whatever the budget, so every slice
	 * makes progress. Each batch is saved to the cache (a slice cut short keeps what it fetched), and the HTTP
	 * library's cyclic garbage (~17 KB a request) is collected after it, so memory stays flat however long the slice.
	 *
	 * @param array<string,array<string,mixed>> $rows
	 * @param string[]                          $missing
	 */
	private function fetch( array &$rows, array $missing, float $deadline ): void {
		$before  = $this->service->detail_requests();
		$first   = array_splice( $missing, 0, Store::DETAIL_CONCURRENCY * 4 );
		$batches = array_merge( array( $first ), array_chunk( $missing, self::BATCH ) );
		foreach ( $batches as $i => $keys ) {
			if ( $i > 0 && microtime( true ) >= $deadline ) {
				break;
			}
			$this->service->fetch_details( $rows, $keys, 0 === $i ? null : $deadline );
			gc_collect_cycles();
		}
		$this->detail_requests = $this->service->detail_requests() - $before;
	}

	/**
	 * Keys of the customers' carts whose detail is neither cached nor a remembered failure: carts expiring soonest
	 * (still in session) first, then the most recently expired.
	 *
	 * @param array<string,array<string,mixed>> $rows
	 * @return string[]
	 */
	private function missing( array $rows ): array {
		$live    = array();
		$expired = array();
		foreach ( $rows as $key => $row ) {
			if ( $row['is_key_owner'] || null !== $row['item_count'] || null !== $row['detail_error'] ) {
				continue;
			}
			if ( 'expired' === $row['status'] ) {
				$expired[ (string) $key ] = (string) $row['expires'];
			} else {
				$live[ (string) $key ] = (string) $row['expires'];
			}
		}
		asort( $live );
		arsort( $expired );
		return array_merge( array_map( 'strval', array_keys( $live ) ), array_map( 'strval', array_keys( $expired ) ) );
	}

	/**
	 * One pass over the rows.
	 *
	 * @param array<string,array<string,mixed>> $rows
	 * @return array<string,mixed>
	 */
	private function compute( array $rows, ?string $currency, int $decimals ): array {
		$n        = array(
			'carts'      => 0,
			'active'     => 0,
			'expiring'   => 0,
			'expired'    => 0,
			'with_items' => 0,
			'empty'      => 0,
		);
		$sources  = array_fill_keys( Query::SOURCES, 0 );
		$items    = 0;
		$value    = 0;
		$soon     = 0;
		$day      = 0;
		$day_n    = 0;
		$worth    = 0;
		$worth_n  = 0;
		$owners   = 0;
		$scanned  = 0;
		$failed   = 0;
		$products = array();
		foreach ( $rows as $row ) {
			if ( $row['is_key_owner'] ) {
				++$owners;
				continue;
			}
			++$n['carts'];
			++$n[ $row['status'] ];
			++$sources[ Query::source_group( (string) $row['source'] ) ];
			if ( null === $row['item_count'] ) {
				if ( null !== $row['detail_error'] ) {
					++$scanned;
					++$failed;
				}
				continue;
			}
			++$scanned;
			if ( $row['item_count'] > 0 ) {
				++$n['with_items'];
				$items += $row['item_count'];
			} else {
				++$n['empty'];
			}
			$minor  = self::to_minor( $row['total'], $decimals );
			$value += $minor;
			if ( 'expired' !== $row['status'] && null !== $row['expires'] ) {
				$left = (int) strtotime( (string) $row['expires'] ) - $this->now;
				$soon += 'expiring' === $row['status'] ? $minor : 0;
				$day  += $left <= self::WINDOW_24H ? $minor : 0;
				$day_n += $left <= self::WINDOW_24H && $row['item_count'] > 0 ? 1 : 0;
			}
			// The same carts as the Sessions tab's "Worth chasing" view (Query: status live, has_items, has_email).
			if ( array() !== Query::filter(
				array( $row ),
				array(
					'status'    => Query::LIVE,
					'has_items' => 'yes',
					'has_email' => 'yes',
				)
			) ) {
				++$worth_n;
				$worth += $minor;
			}
			foreach ( DetailCache::decode_lines( $row['products'] ?? null ) as $line ) {
				$id = (int) $line[0];
				if ( ! isset( $products[ $id ] ) ) {
					$products[ $id ] = array( (string) $line[1], 0, 0 );
				}
				$products[ $id ][1] += $line[2];
				$products[ $id ][2] += self::to_minor( $line[3], $decimals );
			}
		}
		return $n + array(
			'value_total'        => self::from_minor( $value, $decimals ),
			'avg_items'          => $n['with_items'] > 0 ? round( $items / $n['with_items'], 2 ) : 0,
			'by_source'          => $sources,
			'value_expiring_6h'  => self::from_minor( $soon, $decimals ),
			'value_expiring_24h' => self::from_minor( $day, $decimals ),
			'carts_expiring_24h' => $day_n,
			'worth_chasing'      => array(
				'carts' => $worth_n,
				'value' => self::from_minor( $worth, $decimals ),
			),
			'key_owner_carts'    => $owners,
			'top_products'       => self::top( $products, $decimals ),
			'currency'           => $currency,
			'scan'               => array(
				'done'    => $scanned >= $n['carts'],
				'scanned' => $scanned,
				'total'   => $n['carts'],
				'failed'  => $failed,
			),
		);
	}

	/**
	 * The products with the most units in carts (then the most value, then the lowest ID).
	 *
	 * @param array<int,array{0:string,1:int|float,2:int}> $products id => [name, quantity, value in minor units]
	 * @return array<int,array{product_id:int,name:string,quantity:int|float,value:string}>
	 */
	private static function top( array $products, int $decimals ): array {
		uksort(
			$products,
			static function ( int $a, int $b ) use ( $products ): int {
				return ( $products[ $b ][1] <=> $products[ $a ][1] )
					?
					: ( $products[ $b ][2] <=> $products[ $a ][2] )
					?
					: $a <=> $b;
			}
		);
		$out = array();
		foreach ( array_slice( $products, 0, self::TOP_PRODUCTS, true ) as $id => list( $name, $quantity, $minor ) ) {
			$out[] = array(
				'product_id' => (int) $id,
				'name'       => $name,
				'quantity'   => floor( (float) $quantity ) === (float) $quantity
					? (int) $quantity
					: round( (float) $quantity, 4 ),
				'value'      => self::from_minor( $minor, $decimals ),
			);
		}
		return $out;
	}

	/**
	 * The store's list is too big (docs/cocart-api.md#measured): the counts wc/v3/system_status gives, the rest null.
	 *
	 * @return array<string,mixed>
	 */
	private static function unavailable( WP_Error $error ): array {
		$data   = (array) $error->get_error_data();
		$counts = is_array( $data['counts'] ?? null ) ? $data['counts'] : array();
		$count  = static function ( string $name ) use ( $counts ): ?int {
			return isset( $counts[ $name ] ) ? (int) $counts[ $name ] : null;
		};
		$carts    = $count( 'carts_in_session' );
		// CoCart's "active" is every cart not expired, expiring ones included.
		$live     = $count( 'count_carts_active' );
		$expiring = $count( 'count_carts_expiring' );
		return array(
			'carts'       => $carts,
			'active'      => null !== $live && null !== $expiring ? max( 0, $live - $expiring ) : null,
			'expiring'    => $expiring,
			'expired'     => null !== $carts && null !== $live ? max( 0, $carts - $live ) : null,
			'with_items'  => null,
			'empty'       => null,
			'value_total' => null,
			'avg_items'   => null,
			'by_source'   => array(
				'cocart'      => $count( 'carts_source_headless' ),
				'woocommerce' => $count( 'carts_source_web' ),
				'other'       => $count( 'carts_source_other' ),
			),
			'value_expiring_6h'  => null,
			'value_expiring_24h' => null,
			'carts_expiring_24h' => null,
			'worth_chasing'      => null,
			'key_owner_carts'    => 0,
			'top_products'       => array(),
			'currency'           => null,
			'scan'               => array(
				'done'    => true,
				'scanned' => 0,
				'total'   => $carts ?? 0,
				'failed'  => 0,
			),
			'fetched_at'  => gmdate( Normaliser::DATE_FORMAT ),
			'stale'       => false,
			'available'   => false,
			'unavailable' => array(
				'reason'  => 'store_too_big',
				'message' => $error->get_error_message(),
				'fix'     => (string) ( $data['fix'] ?? '' ),
				'counts'  => array() === $counts ? null : $counts,
			),
			'needs_list'         => self::NEEDS_LIST,
		);
	}

	/**
	 * "36.50" → 3650 with 2 decimals (exact: digits, not floats). Null or not a number → 0.
	 */
	public static function to_minor( ?string $amount, int $decimals ): int {
		if ( null === $amount
			|| ! preg_match( '/^\s*(-?)(\d*)(?:\.(\d*))?\s*$/', $amount, $m )
			|| '' === $m[2] . ( $m[3] ?? '' ) ) {
			return 0;
		}
		$fraction = substr( str_pad( $m[3] ?? '', $decimals, '0' ), 0, $decimals );
		$minor    = (int) ( ( '' === $m[2] ? '0' : $m[2] ) . $fraction );
		return '-' === $m[1] ? -$minor : $minor;
	}

	/**
	 * 3650 → "36.50" with 2 decimals.
	 */
	public static function from_minor( int $minor, int $decimals ): string {
		$digits = str_pad( (string) abs( $minor ), $decimals + 1, '0', STR_PAD_LEFT );
		$sign   = $minor < 0 ? '-' : '';
		return 0 === $decimals
			? $sign . $digits
			: $sign . substr( $digits, 0, -$decimals ) . '.' . substr( $digits, -$decimals );
	}

	/**
	 * Takes the scan lock (an options row inserted atomically: INSERT IGNORE), or says another slice holds it.
	 * A lock older than its expiry (a slice that died) is taken over.
	 */
	private static function lock( float $budget ): bool {
		global $wpdb;
		$until = time() + (int) ceil( $budget ) + 60;
		$sql   = "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')";
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- core table name.
		if ( 1 === (int) $wpdb->query( $wpdb->prepare( $sql, self::LOCK_OPTION, (string) $until ) ) ) {
			return true;
		}
		$held = (int) $wpdb->get_var( $wpdb->prepare(
			"SELECT option_value FROM {$wpdb->options} WHERE option_name = %s",
			self::LOCK_OPTION
		) );
		if ( $held > 0 && $held < time() ) {
			// Expired: take it over only if nobody else did in the meantime (compare-and-set on the old value).
			return 1 === (int) $wpdb->query( $wpdb->prepare(
				"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
				(string) $until,
				self::LOCK_OPTION,
				(string) $held
			) );
		}
		return false;
	}

	private static function unlock(): void {
		global $wpdb;
		$wpdb->delete( $wpdb->options, array( 'option_name' => self::LOCK_OPTION ) );
		wp_cache_delete( self::LOCK_OPTION, 'options' );
	}
}
