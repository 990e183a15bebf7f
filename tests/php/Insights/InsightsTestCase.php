<?php
/**
 * Shared set-up for the Overview, history and export routes against the store double over real HTTP: the
 * Sessions set-up plus an empty snapshots table, no scan lock and no scheduled Overview events, and the truth —
 * every number of GET stats computed straight from the double's table. Not a test itself.
 */

declare(strict_types=1);

require_once dirname( __DIR__ ) . '/Sessions/SessionsTestCase.php';

use CartSessions\Insights\Cron;
use CartSessions\Insights\Stats;
use CartSessions\Privacy\Retention;
use CartSessions\Storage\Schema;
use CoCartDouble\CartData;
use CoCartDouble\Catalogue;
use CoCartDouble\Schema as DoubleSchema;

abstract class InsightsTestCase extends SessionsTestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->forget_insights();
	}

	protected function tearDown(): void {
		$this->forget_insights();
		parent::tearDown();
	}

	private function forget_insights(): void {
		global $wpdb;
		Schema::maybe_upgrade();
		$wpdb->query( 'TRUNCATE ' . Schema::table( 'snapshots' ) );
		delete_option( Stats::LOCK_OPTION );
		delete_option( Retention::HISTORY_OPTION );
		wp_clear_scheduled_hook( Cron::SCAN_HOOK );
		wp_clear_scheduled_hook( Cron::DAILY_HOOK );
		remove_all_filters( 'cart_sessions_stats_budget' );
	}

	/**
	 * GET stats until the first scan is done (each call advances it).
	 *
	 * @return array<string,mixed>
	 */
	protected function stats_when_done( int $max_calls = 50 ): array {
		for ( $i = 0; $i < $max_calls; $i++ ) {
			$stats = $this->ok( 'GET', 'stats' );
			if ( $stats['scan']['done'] ) {
				return $stats;
			}
		}
		$this->fail( "The scan did not finish in $max_calls calls: " . wp_json_encode( $stats['scan'] ) );
	}

	/**
	 * Moves carts that sit within a minute of a boundary (now, +6 h, +24 h) a few minutes away from it, so the
	 * test and the route, which read the clock a moment apart, put every cart on the same side.
	 */
	protected function nudge_off_boundaries(): void {
		global $wpdb;
		$now = time();
		foreach ( array( 0, 6 * HOUR_IN_SECONDS, DAY_IN_SECONDS ) as $offset ) {
			$wpdb->query(
				$wpdb->prepare(
					'UPDATE '
						. DoubleSchema::carts_table()
						. ' SET cart_expiry = cart_expiry + 300 WHERE cart_expiry BETWEEN %d AND %d',
					$now + $offset - 60,
					$now + $offset + 60
				)
			);
		}
	}

	/**
	 * What GET stats must say, from the double's table alone: every cart but the key owner's own.
	 *
	 * @return array<string,mixed>
	 */
	protected function truth( string $owner ): array {
		global $wpdb;
		$now   = time();
		$t     = array(
			'carts'      => 0,
			'active'     => 0,
			'expiring'   => 0,
			'expired'    => 0,
			'with_items' => 0,
			'empty'      => 0,
		);
		$src   = array(
			'cocart'      => 0,
			'woocommerce' => 0,
			'other'       => 0,
		);
		$items = 0;
		$value = 0;
		$soon  = 0;
		$day   = 0;
		$day_n = 0;
		$worth = 0;
		$w_n   = 0;
		$prods = array();
		foreach ( (array) $wpdb->get_results( 'SELECT * FROM ' . DoubleSchema::carts_table(), ARRAY_A ) as $row ) {
			if ( (string) $row['cart_key'] === $owner ) {
				continue;
			}
			$session = CartData::read( (string) $row['cart_value'] ) ?? array();
			$cart    = (array) ( $session['cart_cache'] ?? $session['cart'] ?? array() );
			$expiry  = (int) $row['cart_expiry'];
			$status  = $expiry <= $now ? 'expired' : ( $expiry - $now <= 6 * HOUR_IN_SECONDS ? 'expiring' : 'active' );
			$source  = in_array(
				$row['cart_source'],
				array( 'cocart', 'woocommerce' ),
				true
			) ? $row['cart_source'] : 'other';
			$count   = 0;
			foreach ( $cart as $item ) {
				$count += $item['quantity'];
			}
			$cents = (int) round( 100 * (float) ( $session['cart_totals']['total'] ?? 0 ) );
			++$t['carts'];
			++$t[ $status ];
			++$src[ $source ];
			if ( $count > 0 ) {
				++$t['with_items'];
				$items += $count;
			} else {
				++$t['empty'];
			}
			$value += $cents;
			if ( 'expiring' === $status ) {
				$soon += $cents;
			}
			if ( 'expired' !== $status && $expiry - $now <= DAY_IN_SECONDS ) {
				$day   += $cents;
				$day_n += $count > 0 ? 1 : 0;
			}
			$email = trim( (string) ( $session['customer']['email'] ?? '' ) );
			if ( 'expired' !== $status && $count > 0 && '' !== $email ) {
				$worth += $cents;
				++$w_n;
			}
			foreach ( $cart as $item ) {
				$id = (int) ( $item['variation_id'] ?: $item['product_id'] );
				if ( ! isset( $prods[ $id ] ) ) {
					$prods[ $id ] = array(
						'product_id' => $id,
						'name'       => Catalogue::get( $id )['name'],
						'quantity'   => 0,
						'cents'      => 0,
					);
				}
				$prods[ $id ]['quantity'] += $item['quantity'];
				$prods[ $id ]['cents']    += (int) round( 100 * (float) $item['line_total'] );
			}
		}
		usort(
			$prods,
			static function ( array $a, array $b ): int {
				return (
					$b['quantity'] <=> $a['quantity']
				) ?: ( $b['cents'] <=> $a['cents'] ) ?: $a['product_id'] <=> $b['product_id'];
			}
		);
		$money = static function ( int $cents ): string {
			return sprintf( '%d.%02d', intdiv( $cents, 100 ), $cents % 100 );
		};
		$top = array();
		foreach ( array_slice( $prods, 0, 10 ) as $p ) {
			$top[] = array(
				'product_id' => $p['product_id'],
				'name'       => $p['name'],
				'quantity'   => (int) $p['quantity'],
				'value'      => $money( $p['cents'] ),
			);
		}
		return $t + array(
			'value_total'        => $money( $value ),
			'avg_items'          => $t['with_items'] ? round( $items / $t['with_items'], 2 ) : 0,
			'by_source'          => $src,
			'value_expiring_6h'  => $money( $soon ),
			'value_expiring_24h' => $money( $day ),
			'carts_expiring_24h' => $day_n,
			'worth_chasing'      => array(
				'carts' => $w_n,
				'value' => $money( $worth ),
			),
			'top_products'       => $top,
		);
	}

	/**
	 * The numbers of a GET stats body that truth() computes.
	 *
	 * @param array<string,mixed> $stats
	 * @return array<string,mixed>
	 */
	protected function numbers( array $stats ): array {
		return array_intersect_key(
			$stats,
			array_flip(
				array(
					'carts',
					'active',
					'expiring',
					'expired',
					'with_items',
					'empty',
					'value_total',
					'avg_items',
					'by_source',
					'value_expiring_6h',
					'value_expiring_24h',
					'carts_expiring_24h',
					'worth_chasing',
					'top_products',
				)
			)
		);
	}
}
