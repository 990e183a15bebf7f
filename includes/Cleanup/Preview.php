<?php
/**
 * What a rule would delete now: the carts it matches in the store's list (fetched afresh), their count and value,
 * one page of them (oldest expiry first). Rules that need each cart's detail (only empty, only below a value) and
 * the value total use the details cached by (key, expiry), fetching missing ones within a time budget
 * (cart_sessions_preview_budget, default 8 s); carts still unknown are counted in details_pending and the next
 * preview continues where this one stopped. Expired carts are never written again, so once fetched their details
 * stay cached.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\CoCart\StoreInfo;
use CartSessions\Sessions\Query;
use CartSessions\Sessions\Service;
use WP_Error;

final class Preview {

	/** @var Service */
	private $service;

	public function __construct( ?Service $service = null ) {
		$this->service = $service ?? new Service();
	}

	/**
	 * @return array{count:int,value_total:string|null,currency:string|null,bulk:bool,items:array<int,array<string,mixed>>,total:int,total_pages:int,page:int,per_page:int,details_pending:int,list_available:bool}|WP_Error
	 */
	public function run( Rule $rule, int $page, int $per_page ) {
		$current = $this->service->all_rows( true, false, false );
		if ( $current instanceof WP_Error ) {
			if ( $rule->is_every_expired() && 'cart_sessions_store_too_big' === $current->get_error_code() ) {
				return $this->by_counts( $current );
			}
			return $current;
		}
		$rows       = $current['rows'];
		$now        = time();
		$candidates = array();
		foreach ( $rows as $key => $row ) {
			if ( $rule->matches_list( $row, $now ) ) {
				$candidates[] = (string) $key;
			}
		}
		// Oldest expiry first: the carts most surely abandoned get their details (and a place on page 1) first.
		$candidates = array_column(
			Query::sort(
				array_map(
					static function ( string $key ) use ( $rows ): array { return $rows[ $key ]; },
					$candidates
				),
				'expires',
				'asc'
			),
			'key'
		);
		$pending    = $this->service->fetch_details(
			$rows,
			array_map( 'strval', $candidates ),
			microtime( true ) + self::budget()
		);
		$matching   = array();
		$value      = '0';
		$known      = 0;
		foreach ( $candidates as $key ) {
			$row = $rows[ (string) $key ];
			if ( ! $rule->matches( $row, $now ) ) {
				continue;
			}
			$matching[] = $row;
			if ( null !== $row['total'] ) {
				$value = self::add( $value, (string) $row['total'] );
				++$known;
			}
		}
		$total = count( $matching );
		return array(
			'count'       => $total,
			'value_total' => 0 === $known && $total > 0 ? null : $value,
			'currency'    => $this->service->currency(),
			'bulk'        => $rule->is_every_expired(),
			'items'       => array_map(
				array( Service::class, 'public_row' ),
				Query::page( $matching, $page, $per_page )
			),
			'total'           => $total,
			'total_pages'     => Query::total_pages( $total, $per_page ),
			'page'            => $page,
			'per_page'        => $per_page,
			'details_pending' => $pending,
			'list_available'  => true,
		);
	}

	/**
	 * "Every expired cart" on a store whose list is too big (docs/cocart-api.md#measured): the count from
	 * wc/v3/system_status, no list.
	 *
	 * @return array<string,mixed>|WP_Error
	 */
	private function by_counts( WP_Error $too_big ) {
		$counts = StoreInfo::get()['counts'];
		if ( null === $counts || ! isset( $counts['carts_in_session'], $counts['count_carts_active'] ) ) {
			return $too_big;
		}
		return array(
			'count'           => max( 0, (int) $counts['carts_in_session'] - (int) $counts['count_carts_active'] ),
			'value_total'     => null,
			'currency'        => $this->service->currency(),
			'bulk'            => true,
			'items'           => array(),
			'total'           => 0,
			'total_pages'     => 0,
			'page'            => 1,
			'per_page'        => 20,
			'details_pending' => 0,
			'list_available'  => false,
		);
	}

	private static function budget(): float {
		/**
		 * Filters how long (seconds) one cleanup preview may spend fetching cart details (for rules on items or
		 * value, and the value total). The next preview continues where it stopped.
		 *
		 * @param float $seconds Default 8.
		 */
		return max( 0.0, (float) apply_filters( 'cart_sessions_preview_budget', 8.0 ) );
	}

	/**
	 * Adds two non-negative decimal strings exactly (integers of 10^-8 units; enough for any cart total).
	 */
	public static function add( string $a, string $b ): string {
		$units = static function ( string $v ): int {
			list( $int, $frac ) = array_pad( explode( '.', ltrim( $v, '+' ), 2 ), 2, '' );
			return (int) $int * 100000000 + (int) str_pad( substr( $frac, 0, 8 ), 8, '0' );
		};
		$sum  = $units( $a ) + $units( $b );
		$frac = rtrim( str_pad( (string) ( $sum % 100000000 ), 8, '0', STR_PAD_LEFT ), '0' );
		return intdiv( $sum, 100000000 ) . '.' . str_pad( $frac, 2, '0' );
	}
}
