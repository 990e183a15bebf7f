<?php
/**
 * A cold list view over real HTTP (the test server, as a browser asks): the page is sent whole (Content-Length)
 * before the list is written to the cache, and a request that comes meanwhile waits for that write instead of
 * asking the store for the list again (Sessions\ListCache::put() after the response, Runtime\AfterResponse); two
 * cold views at the same moment cost the store one list (single flight: ListCache::claim_fetch()).
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Credentials\Settings;
use CartSessions\Sessions\ListCache;
use CoCartDouble\Control;

final class SessionsAfterResponseTest extends SessionsTestCase {

	/**
	 * The connected user's login and a new application password of theirs: how these tests call our routes over
	 * HTTP as a browser would, without a cookie.
	 *
	 * @return array{0:string,1:string}
	 */
	private function application_password(): array {
		$user_id          = get_current_user_id();
		list( $password ) = WP_Application_Passwords::create_new_application_password(
			$user_id,
			array( 'name' => 'after response test' )
		);
		return array( get_userdata( $user_id )->user_login, $password );
	}

	public function test_the_page_comes_before_the_cache_write_and_the_next_view_waits_for_it(): void {
		$this->connect();
		// Enough rows that writing them takes a while (~0.1 s), few enough for the test store.
		Control::seed( 8000, 5 );
		list( $login, $password ) = $this->application_password();
		$auth                     = array( 'auth' => array( 'login', $login, $password ) );
		$url                      = self::HTTP . '/wp-json/cart-sessions/v1/sessions';
		$meta             = ListCache::PREFIX . ( new Settings() )->key_state()['fingerprint'];

		$first = $this->request(
			'GET',
			$url,
			$auth + array( 'query' => array( 'per_page' => 20, 'details' => 'cached' ) )
		);
		// Checked at once: the write that follows the response has not landed yet.
		global $wpdb;
		$written_then = $wpdb->get_var(
			$wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name = %s", '_transient_' . $meta )
		);
		// From now on the store's list fails: a view that asked the store for it again would fail too.
		Control::set_faults( array( 'fault' => '500', 'routes' => array( 'list' ) ) );
		$second = $this->request(
			'GET',
			$url,
			$auth + array( 'query' => array( 'per_page' => 20, 'page' => 2, 'details' => 'cached' ) )
		);

		$this->assertSame( 200, $first->status, $first->body );
		$this->assertSame(
			(string) strlen( $first->body ),
			$first->header( 'content-length' ),
			'sent whole, with its length, before the write'
		);
		$this->assertSame( '0', (string) $written_then, 'the list was written to the cache after the page was sent' );
		$this->assertSame( 8000, $first->json['total'] );
		$this->assertCount( 20, $first->json['items'] );

		$this->assertSame(
			200,
			$second->status,
			'the second view waited for the write and read the cache: ' . $second->body
		);
		$this->assertSame( 8000, $second->json['total'] );
		$this->assertFalse( $second->json['stale'] );
		$this->assertSame(
			$first->json['fetched_at'],
			$second->json['fetched_at'],
			'the same list, not fetched again'
		);
		$this->assertSame(
			array(),
			array_intersect(
				array_column( $first->json['items'], 'key' ),
				array_column( $second->json['items'], 'key' )
			),
			'page 2 follows page 1'
		);
		$table   = $this->table();
		$expires = array_map(
			static function ( array $row ): string {
				return (string) $row['expires'];
			},
			array_merge( $first->json['items'], $second->json['items'] )
		);
		$sorted = $expires;
		rsort( $sorted );
		$this->assertSame( $sorted, $expires, 'newest expiry first across both pages' );
		foreach ( $second->json['items'] as $row ) {
			$this->assertArrayHasKey( $row['key'], $table );
		}
	}

	public function test_two_cold_views_at_the_same_moment_cost_the_store_one_list(): void {
		$this->connect();
		Control::seed( 300, 7 );
		list( $login, $password ) = $this->application_password();
		// A slow list, so that the second view arrives while the first is still waiting for it.
		Control::set_faults( array( 'latency_ms' => 1500, 'routes' => array( 'list' ) ) );
		Control::reset_requests();

		$multi   = curl_multi_init();
		$handles = array();
		foreach ( array( 1, 2 ) as $page ) {
			$handle = curl_init(
				self::HTTP . '/wp-json/cart-sessions/v1/sessions?details=cached&per_page=20&page=' . $page
			);
			curl_setopt_array(
				$handle,
				array(
					CURLOPT_RETURNTRANSFER => true,
					CURLOPT_USERPWD        => $login . ':' . $password,
					CURLOPT_TIMEOUT        => 60,
				)
			);
			curl_multi_add_handle( $multi, $handle );
			$handles[ $page ] = $handle;
		}
		do {
			$status = curl_multi_exec( $multi, $running );
			if ( $running ) {
				curl_multi_select( $multi, 1.0 );
			}
		} while ( $running && CURLM_OK === $status );
		$answers = array();
		foreach ( $handles as $page => $handle ) {
			$answers[ $page ] = array(
				'status' => (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ),
				'json'   => json_decode( (string) curl_multi_getcontent( $handle ), true ),
			);
			curl_multi_remove_handle( $multi, $handle );
			curl_close( $handle );
		}
		curl_multi_close( $multi );

		foreach ( $answers as $page => $answer ) {
			$this->assertSame( 200, $answer['status'], "page $page: " . wp_json_encode( $answer['json'] ) );
			// 300, and the key owner's own cart once our requests have made CoCart save it.
			$this->assertContains( $answer['json']['total'], array( 300, 301 ) );
			$this->assertCount( 20, $answer['json']['items'] );
		}
		$this->assertSame( $answers[1]['json']['fetched_at'], $answers[2]['json']['fetched_at'], 'the same list' );
		$this->assertSame( $answers[1]['json']['total'], $answers[2]['json']['total'], 'the same list' );
		$this->assertSame( 1, Control::requests()['list'], 'one list request reached the store' );
	}

	public function test_a_cold_page_picked_from_the_stores_answer_is_the_page_the_cached_list_gives(): void {
		list( $keys, $owner ) = $this->cold_pages_equal_warm_pages( array() );
		$expected             = array( 'later', '17', 'a9', 'B1', 'b2', 'c0', 'soon', 'gone', 'unknown' );
		$this->assertSame( $expected, array_values( array_diff( $keys, $owner ) ), 'expiry, newest first, then key' );
	}

	public function test_a_cold_page_of_the_live_carts_is_the_page_the_cached_list_gives(): void {
		// The Sessions tab opens on the live carts (active and expiring): its cold first page is picked from the
		// store's answer too, by status as the expiry gives it.
		list( $keys, $owner ) = $this->cold_pages_equal_warm_pages( array( 'status' => 'active,expiring' ) );
		// An unknown expiry counts as active (Normaliser::status()) and sorts last.
		$expected = array( 'later', '17', 'a9', 'B1', 'b2', 'c0', 'soon', 'unknown' );
		$this->assertSame( $expected, array_values( array_diff( $keys, $owner ) ), 'live carts only, in list order' );
	}

	/**
	 * Pages of 3 of a view, each asked cold (the list cache cleared) and then warm: the same rows in the same order.
	 *
	 * @param array<string,string> $view Query arguments of the view.
	 * @return array{0:string[],1:string[]} The cold pages' keys in order, and the key owner's cart among them.
	 */
	private function cold_pages_equal_warm_pages( array $view ): array {
		$this->connect();
		$now  = time();
		$same = $now + 3 * DAY_IN_SECONDS;
		// Ties on expiry broken by key (case-insensitive, then exact), an unknown expiry (the epoch: last), an
		// expired cart, one expiring within hours, a customer's numeric key.
		foreach ( array( 'b2', 'B1', 'c0', 'a9', '17' ) as $key ) {
			$this->put_cart( $key, $this->session(), $now - 60, $same );
		}
		$this->put_cart( 'later', $this->session(), $now - 60, $now + 5 * DAY_IN_SECONDS );
		$this->put_cart( 'soon', $this->session(), $now - 60, $now + HOUR_IN_SECONDS );
		$this->put_cart( 'gone', $this->session(), $now - 60, $now - DAY_IN_SECONDS );
		$this->put_cart( 'unknown', $this->session(), $now - 60, 0 );
		list( $login, $password ) = $this->application_password();
		$auth                     = array( 'auth' => array( 'login', $login, $password ) );
		$url                      = self::HTTP . '/wp-json/cart-sessions/v1/sessions';
		$page                     = function ( int $n ) use ( $auth, $url, $view ): array {
			$answer = $this->request(
				'GET',
				$url,
				$auth + array( 'query' => $view + array( 'per_page' => 3, 'page' => $n, 'details' => 'cached' ) )
			);
			$this->assertSame( 200, $answer->status, $answer->body );
			return $answer->json;
		};
		$page( 1 ); // Our first request makes CoCart save the key owner's own cart: a cart of the list from now on.

		$cold = array();
		for ( $n = 1; $n <= 4; $n++ ) {
			( new ListCache( ( new Settings() )->key_state()['fingerprint'] ) )->clear();
			wp_cache_flush();
			$cold[ $n ] = $page( $n );
		}
		// CoCart re-stamps the key owner's own cart on each of our requests: its expiry moves between lists.
		$comparable = static function ( array $items ): array {
			foreach ( $items as &$row ) {
				if ( $row['is_key_owner'] ) {
					unset( $row['expires'] );
				}
			}
			return $items;
		};
		for ( $n = 1; $n <= 4; $n++ ) {
			$warm = $page( $n );
			$this->assertSame( $warm['fetched_at'], $page( 1 )['fetched_at'], 'the cached list' );
			$this->assertSame( $warm['total'], $cold[ $n ]['total'], "page $n" );
			$this->assertSame(
				$comparable( $warm['items'] ),
				$comparable( $cold[ $n ]['items'] ),
				"page $n: the same rows, in the same order"
			);
		}
		$keys = array_merge( ...array_map(
			static function ( array $answer ): array {
				return array_column( $answer['items'], 'key' );
			},
			array_values( $cold )
		) );
		$owner = array_values(
			array_diff( $keys, array( 'later', 'B1', 'c0', 'a9', 'b2', '17', 'soon', 'gone', 'unknown' ) )
		);
		$this->assertCount( 1, $owner, 'the key owner\'s own cart, listed once: ' . implode( ', ', $keys ) );
		$flagged = array();
		foreach ( $cold as $answer ) {
			foreach ( $answer['items'] as $row ) {
				if ( $row['is_key_owner'] ) {
					$flagged[] = $row['key'];
				}
			}
		}
		$this->assertSame( $owner, $flagged, 'the key owner\'s cart is flagged on a cold page too' );
		return array( $keys, $owner );
	}
}
