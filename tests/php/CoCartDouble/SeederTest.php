<?php
/**
 * The seeder: deterministic, a realistic mix, fast (10,000 carts timed and printed), and its carts read back
 * through the API.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\CartData;
use CoCartDouble\Control;
use CoCartDouble\Schema;
use CoCartDouble\Seeder;

final class SeederTest extends DoubleTestCase {

	private const NOW = 1767225600; // 2026-01-01 00:00:00 UTC.

	/**
	 * @return array<int,array<string,mixed>>
	 */
	private function rows( int $count, int $seed ): array {
		return iterator_to_array( ( new Seeder() )->rows( $count, $seed, self::NOW ), false );
	}

	public function test_same_seed_and_time_give_identical_rows(): void {
		$this->assertSame( $this->rows( 300, 42 ), $this->rows( 300, 42 ) );
	}

	public function test_another_seed_gives_other_rows(): void {
		$a = array_column( $this->rows( 100, 1 ), 'cart_key' );
		$b = array_column( $this->rows( 100, 2 ), 'cart_key' );
		$this->assertNotSame( $a, $b );
		$this->assertLessThan( 30, count( array_intersect( $a, $b ) ), 'only user-ID keys may coincide' );
	}

	public function test_seeding_the_database_twice_with_one_seed_stores_the_same_rows(): void {
		global $wpdb;
		$sql = 'SELECT cart_key, cart_value, cart_created, cart_expiry, cart_source, cart_hash FROM '
			. Schema::carts_table()
			. ' ORDER BY cart_id';
		Control::seed( 200, 9, self::NOW, true );
		$first = $wpdb->get_results( $sql, ARRAY_A );
		Control::seed( 200, 9, self::NOW, true );
		$this->assertSame( $first, $wpdb->get_results( $sql, ARRAY_A ) );
		$this->assertCount( 200, $first );
		$again = Control::seed( 200, 9, self::NOW, false );
		$this->assertSame( 0, $again['inserted'], 'appending the same seed adds nothing (keys exist)' );
	}

	public function test_the_mix_is_realistic(): void {
		$rows   = $this->rows( 3000, 7 );
		$shapes = array( 't_hex' => 0, 'user' => 0, 'hex30' => 0, 'hex32' => 0 );
		$stats  = array(
			'expired'     => 0,
			'active'      => 0,
			'expiring'    => 0,
			'created0'    => 0,
			'no_customer' => 0,
			'empty'       => 0,
			'coupons'     => 0,
			'fees'        => 0,
			'removed'     => 0,
			'float_qty'   => 0,
		);
		$sizes  = array();
		$names  = array();
		$emails = array();
		$sources = array();
		foreach ( $rows as $row ) {
			$k = $row['cart_key'];
			if ( preg_match( '/^t_[0-9a-f]{30}$/', $k ) ) {
				$shapes['t_hex']++;
			} elseif ( ctype_digit( $k ) ) {
				$shapes['user']++;
			} elseif ( preg_match( '/^[0-9a-f]{30}$/', $k ) ) {
				$shapes['hex30']++;
			} elseif ( preg_match( '/^[0-9a-f]{32}$/', $k ) ) {
				$shapes['hex32']++;
			} else {
				$this->fail( "unexpected key shape $k" );
			}
			$this->assertLessThanOrEqual( 42, strlen( $k ), 'fits char(42)' );
			$sources[ $row['cart_source'] ] = ( $sources[ $row['cart_source'] ] ?? 0 ) + 1;
			if ( $row['cart_expiry'] < self::NOW ) {
				$stats['expired']++;
			} elseif ( $row['cart_expiry'] < self::NOW + 6 * HOUR_IN_SECONDS ) {
				$stats['expiring']++;
			} else {
				$stats['active']++;
			}
			$stats['created0'] += 0 === $row['cart_created'] ? 1 : 0;
			$session = CartData::read( $row['cart_value'] );
			$this->assertIsArray( $session );
			// phpcs:ignore
			$this->assertIsString(
				unserialize( $row['cart_value'] )['cart'],
				'values are themselves serialized, as WC_Session::set() stores them'
			);
			$sizes[] = count( $session['cart'] );
			if ( ! isset( $session['customer'] ) ) {
				$stats['no_customer']++;
			} else {
				$names[]  = trim( $session['customer']['first_name'] . ' ' . $session['customer']['last_name'] );
				$emails[] = $session['customer']['email'];
			}
			$stats['empty']   += $session['cart'] ? 0 : 1;
			$stats['coupons'] += $session['applied_coupons'] ? 1 : 0;
			$stats['fees']    += empty( $session['cart_fees'] ) ? 0 : 1;
			$stats['removed'] += $session['removed_cart_contents'] ? 1 : 0;
			foreach ( $session['cart'] as $item ) {
				$stats['float_qty'] += is_float( $item['quantity'] ) ? 1 : 0;
			}
		}
		fwrite(
			STDERR,
			"\n[seeder mix, 3000 carts] " . wp_json_encode( $shapes + $stats + array( 'sources' => $sources ) ) . "\n"
		);
		foreach ( $shapes as $shape => $n ) {
			$this->assertGreaterThan( 150, $n, "key shape $shape" );
		}
		$this->assertGreaterThan( 300, $sources['cocart'] ?? 0 );
		$this->assertGreaterThan( 300, $sources['woocommerce'] ?? 0 );
		$this->assertGreaterThan( 100, $sources[''] ?? 0 );
		$this->assertGreaterThan(
			$stats['active'],
			$stats['expired'],
			'most carts are expired, as on a real store before cleanup'
		);
		$this->assertGreaterThan( 300, $stats['active'] );
		$this->assertGreaterThan( 20, $stats['expiring'] );
		$this->assertGreaterThan( 20, $stats['created0'] );
		$this->assertGreaterThan( 30, $stats['no_customer'] );
		$this->assertSame( 0, min( $sizes ) );
		$this->assertSame( 12, max( $sizes ) );
		$this->assertGreaterThan( 100, $stats['coupons'] );
		$this->assertGreaterThan( 50, $stats['fees'] );
		$this->assertGreaterThan( 100, $stats['removed'] );
		$this->assertGreaterThan( 100, $stats['float_qty'] );
		$this->assertContains( '', $names, 'empty names' );
		$this->assertNotEmpty(
			preg_grep( '/[\x{4e00}-\x{9fff}\x{0400}-\x{04ff}\x{0600}-\x{06ff}]/u', $names ),
			'non-Latin names'
		);
		$this->assertNotEmpty( preg_grep( '/<(script|b|img)/', $names ), 'HTML/script-looking names' );
		$this->assertNotEmpty(
			array_filter( $names, static function ( string $n ): bool { return strlen( $n ) > 200; } ),
			'very long names'
		);
		$this->assertContains( '', $emails );
		$this->assertNotEmpty( preg_grep( '/^[^@]{61,}@/', $emails ), 'very long emails' );
		$this->assertNotEmpty( preg_grep( '/<svg/', $emails ), 'HTML-looking emails' );
	}

	public function test_seeded_carts_read_back_through_the_api(): void {
		$key = $this->make_key();
		Control::seed( 60, 11, null, true );
		$list = $this->api( 'GET', 'cocart/v2/sessions', $key );
		$this->assertSame( 200, $list->status );
		$this->assertCount( 60, $list->json );
		foreach ( array_slice( $list->json, 0, 15 ) as $row ) {
			$r = $this->api( 'GET', 'cocart/v2/session/' . $row['cart_key'], $key );
			$this->assertSame( 200, $r->status, $row['cart_key'] . ': ' . $r->body );
		}
	}

	public function test_ten_thousand_carts_seed_quickly(): void {
		global $wpdb;
		$r = Control::seed( 10000, 1, null, true );
		fwrite( STDERR, sprintf( "\n[seeder] 10,000 carts in %.2f s\n", $r['seconds'] ) );
		$this->assertSame( 10000, $r['inserted'] );
		$this->assertSame( '10000', $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::carts_table() ) );
		$this->assertLessThan( 10.0, $r['seconds'], 'the issue asks for under 10 s' );
		$key  = $this->make_key( 'read' );
		$list = $this->api( 'GET', 'cocart/v2/sessions', $key, array( 'timeout' => 30 ) );
		$this->assertSame( 200, $list->status );
		$this->assertCount( 10000, $list->json );
		fwrite(
			STDERR,
			sprintf(
				"[double] list of 10,000 carts: %.0f ms, %.1f MB of JSON\n",
				1000 * $list->elapsed,
				strlen( $list->body ) / 1e6
			)
		);
	}

	public function test_bin_seed_carts_seeds_the_test_site(): void {
		global $wpdb;
		exec(
			escapeshellarg( dirname( __DIR__, 3 ) . '/bin/seed-carts' ) . ' --site test --count 25 --seed 4 2>&1',
			$out,
			$rc
		);
		$this->assertSame( 0, $rc, implode( "\n", $out ) );
		$this->assertMatchesRegularExpression( '/^seeded 25 carts \(seed 4\) in [0-9.]+ s$/', $out[0] );
		$this->assertSame( '25', $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::carts_table() ) );
		$this->assertSame(
			array_column( $this->rows( 25, 4 ), 'cart_key' ),
			$wpdb->get_col( 'SELECT cart_key FROM ' . Schema::carts_table() . ' ORDER BY cart_id' )
		);
	}
}
