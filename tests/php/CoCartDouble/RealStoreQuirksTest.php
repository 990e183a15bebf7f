<?php
/**
 * Behaviours a real WooCommerce 9.4.3 + CoCart 4.3.6 store showed that the plugin has to live with: a guest
 * session saved by an anonymous look at the namespace index, rows with customer data but no cart, coupon savings
 * computed from the caller's empty cart, and the key owner's own row coming back in the request that deletes it.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\CartData;
use CoCartDouble\Schema;

final class RealStoreQuirksTest extends DoubleTestCase {

	private function count_rows(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::carts_table() );
	}

	/** @return array<int,array<string,string>> */
	private function rows(): array {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Schema::carts_table() . ' ORDER BY cart_id', ARRAY_A );
	}

	public function test_anonymous_namespace_index_saves_a_new_guest_session_each_time(): void {
		$this->assertSame( 0, $this->count_rows() );
		$first = $this->request( 'GET', self::HTTP . '/wp-json/cocart/v2' );
		$this->assertSame( 200, $first->status, $first->body );
		$this->assertSame( 'cocart/v2', $first->json['namespace'] );
		$this->request( 'GET', self::HTTP . '/wp-json/cocart/v2' );
		$rows = $this->rows();
		$this->assertCount( 2, $rows, 'one phantom guest cart per look' );
		foreach ( $rows as $row ) {
			$this->assertMatchesRegularExpression( '/^t_[0-9a-f]{30}$/', $row['cart_key'] );
			$this->assertSame( 'cocart', $row['cart_source'] );
			$this->assertEqualsWithDelta( time() + 7 * DAY_IN_SECONDS, (int) $row['cart_expiry'], 10 );
			$this->assertEqualsWithDelta( time(), (int) $row['cart_created'], 10 );
			$value = CartData::read( $row['cart_value'] );
			$this->assertSame( array( 'customer' ), array_keys( $value ), 'customer block only, no cart entry' );
		}
		$this->assertNotSame( $rows[0]['cart_key'], $rows[1]['cart_key'] );
	}

	public function test_anonymous_store_route_saves_no_session(): void {
		$r = $this->request( 'GET', self::HTTP . '/wp-json/cocart/v2/store' );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( 0, $this->count_rows() );
	}

	public function test_a_row_without_a_cart_entry_answers_200_with_no_items_and_zero_totals(): void {
		$key = $this->make_key();
		$this->put_cart(
			't_0123456789abcdef0123456789abcd',
			array( 'customer' => CartData::customer( array( 'first_name' => 'Only', 'email' => 'only@example.com' ) ) )
		);
		$this->assertIsString( WP_DEBUG_LOG, 'the test server logs to a file' );
		clearstatcache();
		$logged = file_exists( WP_DEBUG_LOG ) ? (int) filesize( WP_DEBUG_LOG ) : 0;
		$r      = $this->api( 'GET', 'cocart/v2/session/t_0123456789abcdef0123456789abcd', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertStringContainsString( '"items":[]', $r->body );
		$this->assertSame( 0, $r->json['item_count'] );
		$this->assertSame( '0', $r->json['totals']['total'] );
		$this->assertFalse( $r->json['needs_payment'] );
		$log = (string) file_get_contents( WP_DEBUG_LOG, false, null, $logged );
		$this->assertStringContainsString(
			'Undefined array key "cart"',
			$log,
			'the real store logs PHP warnings for such a row'
		);
	}

	public function test_coupon_saving_is_minus_zero_while_the_totals_hold_the_real_discount(): void {
		$key     = $this->make_key();
		$session = $this->session( array( array( 16, 2 ) ) );
		$session['applied_coupons']        = array( 'lab10' );
		$session['coupon_discount_totals'] = array( 'lab10' => 3.6 );
		$session['cart_totals']            = CartData::totals( $session['cart'], array( 'lab10' => 3.6 ) );
		$this->put_cart( 'abc', $session );
		$json = $this->api( 'GET', 'cocart/v2/session/abc', $key )->json;
		$this->assertSame( '-0', $json['coupons'][0]['saving'], 'computed from the caller\'s empty cart' );
		$this->assertSame( '360', $json['totals']['discount_total'] );
	}

	public function test_deleting_the_key_owners_own_row_answers_deleted_and_the_row_is_back_with_a_new_id(): void {
		$key = $this->make_key();
		$this->api( 'GET', 'cocart/v2/sessions', $key ); // Writes the owner's row at the end of the request.
		$before = $this->row( (string) $key['user_id'] );
		$this->assertNotNull( $before );
		$r = $this->api( 'DELETE', 'cocart/v2/session/' . $key['user_id'], $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( 'Session successfully deleted!', $r->json );
		$after = $this->row( (string) $key['user_id'] );
		$this->assertNotNull( $after, 're-created in the same request' );
		$this->assertNotSame( $before['cart_id'], $after['cart_id'] );
	}
}
