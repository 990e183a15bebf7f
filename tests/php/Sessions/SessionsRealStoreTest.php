<?php
/**
 * What a real CoCart 4.3.6 store did that the plugin has to answer honestly: rows with customer data but no
 * cart, and a store too big for its own list. Real HTTP to the store double, which reproduces both.
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\CoCart\Doctor;
use CartSessions\Health\SiteHealth;
use CartSessions\Sessions\DeletePermission;
use CoCartDouble\CartData;
use CoCartDouble\Control;

final class SessionsRealStoreTest extends SessionsTestCase {

	private const PHANTOM = 't_0123456789abcdef0123456789abcd';

	public function test_a_row_without_a_cart_shows_zero_items_and_its_detail_is_not_requested_again(): void {
		$this->connect();
		$this->put_cart(
			self::PHANTOM,
			array( 'customer' => CartData::customer( array() ) ),
			time(),
			time() + 7 * DAY_IN_SECONDS
		);
		$this->put_cart( 'with_items', $this->session( array( array( 16, 2 ) ) ), time(), time() + DAY_IN_SECONDS );
		$first = array_column( $this->ok( 'GET', 'sessions', array( 'details' => 'wait' ) )['items'], null, 'key' );
		$this->assertSame( 0, $first[ self::PHANTOM ]['item_count'] );
		$this->assertNull( $first[ self::PHANTOM ]['detail_error'] );
		$this->assertSame( 2, $first['with_items']['item_count'] );
		foreach ( array( 'cached', 'wait' ) as $details ) {
			$this->upstream = array();
			$again          = array_column(
				$this->ok( 'GET', 'sessions', array( 'details' => $details ) )['items'],
				null,
				'key'
			);
			$this->assertSame( 0, $this->counts()['single'], "details=$details: no detail asked again" );
			$this->assertSame( 0, $again[ self::PHANTOM ]['item_count'] );
		}
		$detail = $this->ok( 'GET', 'sessions/' . self::PHANTOM );
		$this->assertSame( 0, $detail['item_count'] );
		$this->assertSame( array(), $detail['items'] );
	}

	/**
	 * Carts on the double, then the list dies of memory above $limit rows (as a 128M store's does above ~12,400).
	 */
	private function store_of( int $carts, int $limit ): void {
		for ( $i = 0; $i < $carts; $i++ ) {
			$this->put_cart( 'cart_' . $i, $this->session(), time(), time() + DAY_IN_SECONDS );
		}
		Control::set_faults( array( 'list_oom_above' => $limit ) );
	}

	public function test_too_big_after_a_good_list_ends_its_freshness_and_no_view_shows_it_as_current(): void {
		$this->connect();
		$this->store_of( 6, 0 );
		$good = $this->ok( 'GET', 'sessions', array( 'details' => 'cached' ) );
		$this->assertFalse( $good['stale'] );
		for ( $i = 6; $i < 12; $i++ ) {
			$this->put_cart( 'cart_' . $i, $this->session(), time(), time() + DAY_IN_SECONDS );
		}
		Control::set_faults( array( 'list_oom_above' => 10 ) );
		$refreshed = $this->call( 'GET', 'sessions', array( 'refresh' => true ) );
		$this->assertSame( 'cart_sessions_store_too_big', $refreshed->get_data()['code'] );
		foreach ( array( array( 'page' => 2, 'per_page' => 2 ), array(), array( 'orderby' => 'key' ) ) as $view ) {
			$later = $this->call( 'GET', 'sessions', $view + array( 'details' => 'cached' ) );
			$body  = $later->get_data();
			if ( 200 === $later->get_status() ) {
				$this->assertTrue( $body['stale'], 'the earlier list only as stale: ' . wp_json_encode( $view ) );
				$this->assertSame( $good['fetched_at'], $body['fetched_at'] );
			} else {
				$this->assertSame( 'cart_sessions_store_too_big', $body['code'], wp_json_encode( $view ) );
			}
		}
		$stats = $this->ok( 'GET', 'stats' );
		$this->assertFalse( $stats['available'], 'the Overview does not scan the earlier list' );
	}

	public function test_at_too_big_every_view_shares_one_list_request_per_retry_window(): void {
		$this->connect();
		$this->store_of( 12, 10 );
		$this->upstream = array();
		$first          = $this->call( 'GET', 'sessions' );
		$this->assertSame( 'cart_sessions_store_too_big', $first->get_data()['code'] );
		$this->assertSame( 1, $this->counts()['list'] );
		$retry_at = $first->get_data()['data']['retry_at'];
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $retry_at );
		$this->assertEqualsWithDelta(
			time() + \CartSessions\Sessions\TooBig::DEFAULT_RETRY,
			strtotime( $retry_at ),
			5
		);
		$this->assertStringContainsString( 'asks again automatically at', $first->get_data()['message'] );
		$this->assertSame(
			13,
			$first->get_data()['data']['counts']['carts_in_session'],
			'the count it was seen at (12 and the key owner’s own)'
		);

		// Views of every kind, many times: no further list request.
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame(
				'cart_sessions_store_too_big',
				$this->call( 'GET', 'sessions', array( 'page' => 2 ) )->get_data()['code']
			);
			$this->assertSame(
				200,
				$this->call( 'GET', 'sessions/cart_1' )->get_status(),
				'a detail still works without the list'
			);
			$this->assertFalse( $this->ok( 'GET', 'stats' )['available'] );
			$this->call( 'GET', 'cleanup/preview', array( 'expired_days' => 30 ) );
			$this->ok( 'GET', 'cleanup/preview', array( 'expired_days' => 0 ) );
		}
		$this->assertSame( 1, $this->counts()['list'], 'one list request for the whole window' );

		// An explicit refresh tries again at once.
		$this->call( 'GET', 'sessions', array( 'refresh' => true ) );
		$this->assertSame( 2, $this->counts()['list'] );

		// After the window, the next view tries again by itself.
		$memo             = get_option( \CartSessions\Sessions\TooBig::OPTION );
		$memo['retry_at'] = time() - 1;
		update_option( \CartSessions\Sessions\TooBig::OPTION, $memo, false );
		$this->call( 'GET', 'sessions' );
		$this->assertSame( 3, $this->counts()['list'] );
	}

	public function test_after_clearing_expired_carts_the_list_is_asked_for_at_once(): void {
		$this->connect();
		$now = time();
		for ( $i = 0; $i < 8; $i++ ) {
			$this->put_cart( 'old_' . $i, $this->session(), $now - 9 * DAY_IN_SECONDS, $now - DAY_IN_SECONDS );
		}
		$this->store_of( 4, 10 );
		$this->assertSame( 502, $this->call( 'GET', 'sessions' )->get_status() );
		$this->ok( 'POST', 'sessions/clear-expired' );
		$this->upstream = array();
		$body           = $this->ok( 'GET', 'sessions' );
		$this->assertSame( 1, $this->counts()['list'] );
		$this->assertFalse( $body['stale'] );
		$this->assertContains( 'cart_0', array_column( $body['items'], 'key' ) );
	}

	public function test_the_too_big_message_names_where_the_clear_expired_button_really_is(): void {
		$this->connect();
		$this->store_of( 12, 10 );
		$fix = $this->call( 'GET', 'sessions' )->get_data()['data']['fix'];
		$this->assertStringNotContainsString( 'Cleanup tab', $fix );
		$this->assertStringContainsString( 'Sessions and Overview tabs', $fix );
	}

	/**
	 * Saves a new key pair through the settings route, as the Settings tab does.
	 */
	private function save_through_the_settings_tab( string $permissions ): void {
		$this->key = $this->make_key( $permissions );
		$this->ok(
			'POST',
			'settings',
			array(
				'store_url'       => self::HTTP,
				'consumer_key'    => $this->key['consumer_key'],
				'consumer_secret' => $this->key['consumer_secret'],
			)
		);
	}

	public function test_a_read_only_key_is_known_from_its_save_before_any_delete_or_doctor_run(): void {
		$this->save_through_the_settings_tab( 'read' );
		$this->put_cart( 'cart_1', $this->session(), time(), time() + DAY_IN_SECONDS );
		$list = $this->ok( 'GET', 'sessions' );
		$this->assertFalse( $list['can_delete'] );
		$this->assertStringContainsString( 'Read/Write', (string) $list['can_delete_reason'] );
		$runs = $this->ok( 'GET', 'cleanup/runs' );
		$this->assertFalse( $runs['can_delete'], 'the Cleanup tab can say so when it opens' );
		$this->assertSame( $list['can_delete_reason'], $runs['can_delete_reason'] );
		$this->assertNotNull( $this->row( 'cart_1' ), 'nothing was deleted to find out' );
	}

	public function test_a_cleanup_run_with_a_read_only_key_is_refused_up_front(): void {
		global $wpdb;
		$this->save_through_the_settings_tab( 'read' );
		$this->put_cart( 'old_1', $this->session(), time() - 90 * DAY_IN_SECONDS, time() - 60 * DAY_IN_SECONDS );
		$runs_before    = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}cart_sessions_runs" );
		$this->upstream = array();
		$response       = $this->call( 'POST', 'cleanup/run', array( 'rule' => array( 'expired_days' => 30 ) ) );
		$this->assertSame( 403, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'cart_sessions_read_only_key', $response->get_data()['code'] );
		$this->assertStringContainsString( 'Read/Write', $response->get_data()['message'] );
		$this->assertSame(
			$runs_before,
			(int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}cart_sessions_runs" ),
			'no run was started'
		);
		$this->assertSame( 0, $this->counts()['delete'] );
		$this->assertNotNull( $this->row( 'old_1' ) );
	}

	public function test_a_read_only_key_reported_by_the_doctor_is_still_known_when_its_advice_is_translated(): void {
		$this->save_through_the_settings_tab( 'read' );
		delete_option( DeletePermission::OPTION ); // Nothing the store showed is remembered: only the doctor's report.
		$translate = static function ( $translation ) {
			return str_replace( 'Read/Write', 'Lecture/écriture', (string) $translation );
		};
		add_filter( 'gettext', $translate );
		try {
			SiteHealth::remember( ( new Doctor() )->run() );
			$list = $this->ok( 'GET', 'sessions' );
		} finally {
			remove_filter( 'gettext', $translate );
		}
		$this->assertFalse( $list['can_delete'], 'a translation must not remove the read-only warning' );
		$this->assertStringContainsString( 'read-only key', (string) $list['can_delete_reason'] );
	}

	public function test_a_read_write_key_is_known_from_its_save_too(): void {
		$this->save_through_the_settings_tab( 'read_write' );
		$this->assertTrue( $this->ok( 'GET', 'cleanup/runs' )['can_delete'] );
		$this->assertSame( 'read_write', get_option( DeletePermission::OPTION )['permission'] );
	}

	public function test_the_expired_check_prints_the_date_as_the_panel_does_not_raw_iso(): void {
		$this->connect();
		$expired = time() - 3 * DAY_IN_SECONDS;
		$this->put_cart( 'gone_1', $this->session( array( array( 16, 1 ) ) ), $expired - DAY_IN_SECONDS, $expired );
		$this->ok( 'GET', 'sessions' );
		$checks = array_column( $this->ok( 'GET', 'sessions/gone_1' )['checks'], 'message', 'id' );
		$this->assertStringContainsString(
			wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $expired ),
			$checks['expired']
		);
		$this->assertDoesNotMatchRegularExpression( '/\d{4}-\d\d-\d\dT/', $checks['expired'] );
	}

	public function test_switching_the_store_url_between_http_and_https_keeps_the_cached_details(): void {
		$http  = self::HTTP;
		$https = self::HTTPS;
		$this->assertSame( wp_parse_url( $http, PHP_URL_HOST ), wp_parse_url( $https, PHP_URL_HOST ) );
		$this->assertEquals(
			\CartSessions\Sessions\DetailCache::for_store( 'http://shop.example/' ),
			\CartSessions\Sessions\DetailCache::for_store( 'https://SHOP.example' )
		);
		$this->assertNotEquals(
			\CartSessions\Sessions\DetailCache::for_store( 'https://shop.example:8443' ),
			\CartSessions\Sessions\DetailCache::for_store( 'https://shop.example' )
		);
		$this->assertNotEquals(
			\CartSessions\Sessions\DetailCache::for_store( 'https://shop.example/other' ),
			\CartSessions\Sessions\DetailCache::for_store( 'https://shop.example' )
		);

		// A detail fetched through the http:// address is found under the https:// address of the same store.
		$this->connect( 'read_write', $http );
		$this->put_cart( 'cart_1', $this->session( array( array( 16, 1 ) ) ), time(), time() + DAY_IN_SECONDS );
		$rows = array_column( $this->ok( 'GET', 'sessions', array( 'details' => 'wait' ) )['items'], null, 'key' );
		$this->assertSame( 1, $this->counts()['single'] );
		$same_store_over_https = 'https://' . wp_parse_url(
			$http,
			PHP_URL_HOST
		) . ':' . wp_parse_url( $http, PHP_URL_PORT );
		$this->assertNotNull(
			\CartSessions\Sessions\DetailCache::for_store( $same_store_over_https )->get(
				'cart_1',
				(string) $rows['cart_1']['expires']
			),
			'the detail cache belongs to the store, not to its scheme'
		);
	}

	public function test_the_key_owners_cart_detail_says_why_it_cannot_be_deleted(): void {
		$this->connect();
		$this->put_cart( 'cart_1', $this->session(), time(), time() + DAY_IN_SECONDS );
		$this->ok( 'GET', 'sessions' ); // Our requests make CoCart save the key owner's session.
		$this->ok( 'GET', 'sessions', array( 'refresh' => true ) );
		$checks = array_column( $this->ok( 'GET', 'sessions/' . $this->key['user_id'] )['checks'], null, 'id' );
		$this->assertArrayHasKey( 'key_owner', $checks );
		$this->assertStringContainsString( 'cannot be deleted', $checks['key_owner']['message'] );
		$this->assertArrayNotHasKey(
			'key_owner',
			array_column( $this->ok( 'GET', 'sessions/cart_1' )['checks'], null, 'id' )
		);
	}
}
