<?php
/**
 * A cold list view over real HTTP (the test server, as a browser asks): the page is sent whole (Content-Length)
 * before the list is written to the cache, and a request that comes meanwhile waits for that write instead of
 * asking the store for the list again (Sessions\ListCache::put() after the response, Runtime\AfterResponse).
 */

declare(strict_types=1);

require_once __DIR__ . '/SessionsTestCase.php';

use CartSessions\Credentials\Settings;
use CartSessions\Sessions\ListCache;
use CoCartDouble\Control;

final class SessionsAfterResponseTest extends SessionsTestCase {

	public function test_the_page_comes_before_the_cache_write_and_the_next_view_waits_for_it(): void {
		$this->connect();
		// Enough rows that writing them takes a while (~0.1 s), few enough for the test store.
		Control::seed( 8000, 5 );
		$user_id          = get_current_user_id();
		list( $password ) = WP_Application_Passwords::create_new_application_password(
			$user_id,
			array( 'name' => 'after response test' )
		);
		$auth             = array( 'auth' => array( 'login', get_userdata( $user_id )->user_login, $password ) );
		$url              = self::HTTP . '/wp-json/cart-sessions/v1/sessions';
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
}
