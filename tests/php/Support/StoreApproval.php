<?php
/**
 * A store manager's browser on the store double's app authentication (/wc-auth/v1/…): from an app's authorize
 * address through the login form to the grant screen, and its Approve and Deny links. For HttpTestCase tests.
 */

declare(strict_types=1);

trait StoreApproval {

	/**
	 * Follows an authorize address as a new user of $role who is not logged in on the store: the redirect to the
	 * login step, the login form, signing in; returns the page the store then shows (the grant screen for a user
	 * with manage_woocommerce). $user_id is set to the new user.
	 */
	protected function store_grant_screen(
		string $authorize_url,
		string $role = 'shop_manager',
		?int &$user_id = null
	): HttpResult {
		$password = 'pw-' . wp_generate_password( 12, false );
		$user_id  = $this->make_user( $role, array(), $password );
		$user     = get_userdata( $user_id );

		$login     = $this->store_login_page( $authorize_url );
		$signed_in = $this->store_log_in( $login, $user->user_login, $password );
		$this->assertSame( 302, $signed_in->status, 'signed in' );
		$this->assertStringContainsString( '/wc-auth/v1/authorize?', (string) $signed_in->header( 'location' ) );
		return $this->request( 'GET', (string) $signed_in->header( 'location' ), array( 'cookies' => true ) );
	}

	/**
	 * Follows an authorize address while logged out to the store's login form.
	 *
	 * @return array{url:string,nonce:string,redirect:string} Where the form posts, its nonce and its "redirect".
	 */
	protected function store_login_page( string $authorize_url ): array {
		$authorize = $this->request( 'GET', $authorize_url, array( 'cookies' => true ) );
		$this->assertSame( 302, $authorize->status, 'logged out: sent to the login step' );
		$login_url = (string) $authorize->header( 'location' );
		$this->assertStringContainsString( '/wc-auth/v1/login?', $login_url );
		$form = $this->request( 'GET', $login_url, array( 'cookies' => true ) );
		$this->assertSame( 200, $form->status );
		$this->assertMatchesRegularExpression( '/name="woocommerce-login-nonce" value="([0-9a-f]+)"/', $form->body );
		preg_match( '/name="woocommerce-login-nonce" value="([0-9a-f]+)"/', $form->body, $nonce );
		preg_match( '/name="redirect" value="([^"]+)"/', $form->body, $redirect );
		return array(
			'url'      => $login_url,
			'nonce'    => $nonce[1],
			'redirect' => html_entity_decode( $redirect[1] ),
		);
	}

	/**
	 * Submits the store's login form (store_login_page()).
	 *
	 * @param array{url:string,nonce:string,redirect:string} $login
	 */
	protected function store_log_in( array $login, string $username, string $password ): HttpResult {
		return $this->request(
			'POST',
			$login['url'],
			array(
				'cookies' => true,
				'body'    => http_build_query(
					array(
						'username'                => $username,
						'password'                => $password,
						'login'                   => 'Login',
						'woocommerce-login-nonce' => $login['nonce'],
						'redirect'                => $login['redirect'],
					)
				),
			)
		);
	}

	/**
	 * @return array{approve:string,deny:string} The grant screen's Approve and Deny addresses.
	 */
	protected function store_grant_links( HttpResult $grant ): array {
		preg_match( '/href="([^"]+)" class="button button-primary wc-auth-approve"/', $grant->body, $approve );
		preg_match( '/href="([^"]+)" class="button wc-auth-deny"/', $grant->body, $deny );
		$this->assertNotEmpty( $approve, 'an Approve link' );
		$this->assertNotEmpty( $deny, 'a Deny link' );
		return array(
			'approve' => html_entity_decode( $approve[1] ),
			'deny'    => html_entity_decode( $deny[1] ),
		);
	}
}
