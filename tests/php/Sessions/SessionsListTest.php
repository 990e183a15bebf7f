<?php
/**
 * GET cart-sessions/v1/sessions and sessions/<key> against the store double over real HTTP.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CoCartDouble\Control;

final class SessionsListTest extends SessionsTestCase {

	public function test_first_page_shape_headers_and_details(): void {
		$this->connect();
		$now = time();
		$this->put_cart( 't_' . str_repeat( 'a', 30 ), $this->session( array( array( 16, 2 ) ), array( 'first_name' => 'Jane', 'last_name' => 'Doe', 'email' => 'jane@example.com' ) ), $now - 60, $now + DAY_IN_SECONDS );
		$this->put_cart( 'k_empty', $this->session(), $now - 120, $now + HOUR_IN_SECONDS, 'woocommerce' );
		$this->put_cart( 'k_old', $this->session( array( array( 16, 1 ) ) ), 0, $now - HOUR_IN_SECONDS, '' );

		$response = $this->call( 'GET', 'sessions' );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$body = $response->get_data();
		$this->assertSame( '3', $response->get_headers()['X-WP-Total'] );
		$this->assertSame( '1', $response->get_headers()['X-WP-TotalPages'] );
		$this->assertSame( array( 'items', 'total', 'total_pages', 'page', 'per_page', 'stale', 'fetched_at', 'can_delete', 'can_delete_reason', 'currency' ), array_keys( $body ) );
		$this->assertSame( 3, $body['total'] );
		$this->assertFalse( $body['stale'] );
		$this->assertTrue( $body['can_delete'] );
		$this->assertSame( 'GBP', $body['currency'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $body['fetched_at'] );
		$this->assertSame( array( 't_' . str_repeat( 'a', 30 ), 'k_empty', 'k_old' ), array_column( $body['items'], 'key' ), 'expires, newest first' );
		$jane = $body['items'][0];
		$this->assertSame( array( 'key', 'customer', 'created', 'expires', 'source', 'status', 'item_count', 'total', 'currency', 'is_key_owner', 'detail_error' ), array_keys( $jane ) );
		$this->assertSame( array( 'name' => 'Jane Doe', 'email' => 'jane@example.com' ), $jane['customer'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $now + DAY_IN_SECONDS ), $jane['expires'] );
		$this->assertSame( 'active', $jane['status'] );
		$this->assertNull( $jane["detail_error"], (string) $jane["detail_error"] . wp_json_encode( $this->upstream ) );
		$this->assertSame( 2, $jane["item_count"] );
		$this->assertSame( $this->table()[ $jane['key'] ]['total'], $jane['total'] );
		$this->assertSame( 'GBP', $jane['currency'] );
		$this->assertFalse( $jane['is_key_owner'] );
		$this->assertNull( $jane['detail_error'] );
		$this->assertSame( 'expiring', $body['items'][1]['status'] );
		$this->assertSame( 0, $body['items'][1]['item_count'] );
		$this->assertSame( 'expired', $body['items'][2]['status'] );
		$this->assertNull( $body['items'][2]['created'], '01/01/1970 means unknown' );
		$this->assertSame( '', $body['items'][2]['source'] );
	}
}
